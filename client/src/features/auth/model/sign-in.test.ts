import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../lib/api-client';
import {
  secondsLeft,
  signInFailureText,
  signInFormProblems,
  throttledUntil,
  waitText,
} from './sign-in';

const throttled = (retryAfter?: number) =>
  new ApiError(429, 'Too Many Requests', 'later', undefined, retryAfter);

describe('waitText', () => {
  it.each([
    [45, 'vi', '45 giây'],
    [0.2, 'vi', '1 giây'],
    [60, 'vi', '1 phút'],
    [900, 'vi', '15 phút'],
    [125, 'vi', '2 phút 5 giây'],
    [125, 'en', '2 min 5 s'],
  ] as const)('%d s in %s is %j', (seconds, language, expected) => {
    expect(waitText(seconds, language)).toBe(expected);
  });
});

describe('signInFailureText', () => {
  it('says wrong user name or password on 401, without telling which', () => {
    expect(signInFailureText(new ApiError(401, 'Unauthorized', 'Wrong'), 'vi')).toBe(
      'Sai tên đăng nhập hoặc mật khẩu',
    );
    expect(signInFailureText(new ApiError(401, 'Unauthorized', 'Wrong'), 'en')).toBe(
      'Wrong user name or password',
    );
  });

  it('tells how long a throttled sign-in must wait', () => {
    expect(signInFailureText(throttled(840), 'vi')).toBe(
      'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 14 phút.',
    );
    // Counted down by the page.
    expect(signInFailureText(throttled(840), 'vi', 75)).toBe(
      'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 1 phút 15 giây.',
    );
    expect(signInFailureText(throttled(), 'vi')).toBe(
      'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút.',
    );
  });

  it('separates an unreachable server from a refusal', () => {
    expect(signInFailureText(new ApiError(0, 'network_error', 'Failed to fetch'), 'vi')).toBe(
      'Không kết nối được máy chủ. Vui lòng thử lại.',
    );
    expect(signInFailureText(new ApiError(500, 'Internal', 'boom'), 'en')).toBe(
      'Could not sign in: boom',
    );
  });
});

describe('throttledUntil and secondsLeft', () => {
  it('counts a throttle down to zero', () => {
    const until = throttledUntil(throttled(90), 1_000_000);
    expect(until).toBe(1_090_000);
    expect(secondsLeft(until ?? 0, 1_000_000)).toBe(90);
    expect(secondsLeft(until ?? 0, 1_089_001)).toBe(1);
    expect(secondsLeft(until ?? 0, 1_095_000)).toBe(0);
  });

  it('has nothing to count without a wait or for other errors', () => {
    expect(throttledUntil(throttled(), 0)).toBeNull();
    expect(throttledUntil(new ApiError(401, 'Unauthorized', 'x'), 0)).toBeNull();
  });
});

describe('signInFormProblems', () => {
  it('asks for both fields', () => {
    expect(signInFormProblems({ username: ' ', password: '' })).toEqual({
      username: { key: 'signIn.usernameRequired' },
      password: { key: 'signIn.passwordRequired' },
    });
    expect(signInFormProblems({ username: 'admin', password: 'x' })).toEqual({});
  });
});

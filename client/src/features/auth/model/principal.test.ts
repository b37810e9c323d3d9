import type { Principal } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { translate } from '../../../lib/i18n';
import {
  canActOnAlerts,
  canAdminister,
  canChangePassword,
  describePrincipal,
  principalIdentity,
  ROLES,
  roleLabelKey,
} from './principal';

type Person = Extract<Principal, { kind: 'user' }>;
const person = (role: Person['role']): Person => ({
  kind: 'user',
  userId: `u-${role}`,
  username: role,
  displayName: `Nguyễn Văn ${role}`,
  role,
  departmentIds: role === 'department_head' ? ['dept:TNMT'] : [],
});
const wall: Principal = {
  kind: 'display',
  tokenId: 'dt-1',
  name: 'Màn hình tầng 3',
  departmentIds: [],
  scenes: [],
};

describe('role labels', () => {
  it.each([
    ['admin', 'Quản trị viên', 'Administrator'],
    ['operator', 'Điều hành viên', 'Operator'],
    ['department_head', 'Lãnh đạo sở', 'Department head'],
    ['viewer', 'Người xem', 'Viewer'],
  ] as const)('names %s in both languages', (role, vi, en) => {
    expect(translate('vi', roleLabelKey(role))).toBe(vi);
    expect(translate('en', roleLabelKey(role))).toBe(en);
  });

  it('lists every role once', () => {
    expect(new Set(ROLES).size).toBe(4);
  });
});

describe('describePrincipal', () => {
  it('shows a person by name and role', () => {
    const { name, kindKey } = describePrincipal(person('operator'));
    expect(name).toBe('Nguyễn Văn operator');
    expect(translate('vi', kindKey)).toBe('Điều hành viên');
  });

  it('falls back to the user name when the name is blank', () => {
    expect(describePrincipal({ ...person('viewer'), displayName: '  ' }).name).toBe('viewer');
  });

  it('shows a wall screen by its name', () => {
    const { name, kindKey } = describePrincipal(wall);
    expect(name).toBe('Màn hình tầng 3');
    expect(translate('vi', kindKey)).toBe('Màn hình hiển thị');
  });
});

describe('what a principal may do', () => {
  it.each([
    ['admin', true, true],
    ['operator', false, true],
    ['department_head', false, true],
    ['viewer', false, false],
  ] as const)('%s: administer %s, acknowledge %s', (role, admin, act) => {
    expect(canAdminister(person(role))).toBe(admin);
    expect(canActOnAlerts(person(role))).toBe(act);
    expect(canChangePassword(person(role))).toBe(true);
  });

  it('a wall screen only watches', () => {
    expect(canAdminister(wall)).toBe(false);
    expect(canActOnAlerts(wall)).toBe(false);
    expect(canChangePassword(wall)).toBe(false);
  });

  it('nobody signed in may do nothing', () => {
    expect(canAdminister(null)).toBe(false);
    expect(canActOnAlerts(null)).toBe(false);
    expect(canChangePassword(null)).toBe(false);
  });
});

describe('principalIdentity', () => {
  it('tells people and screens apart', () => {
    expect(principalIdentity(person('admin'))).toBe('user:u-admin');
    expect(principalIdentity(wall)).toBe('display:dt-1');
  });
});

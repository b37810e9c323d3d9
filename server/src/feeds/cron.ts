import { Cron } from 'croner';

/** Local time of every schedule: the city's. */
export const CITY_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const compile = (expression: string) =>
  new Cron(expression.trim(), { timezone: CITY_TIME_ZONE, paused: true, mode: '5-part' });

/** Why a five-field cron expression is invalid, or null. Pure. */
export const cronProblem = (expression: string): string | null => {
  try {
    if (compile(expression).nextRun(new Date(0)) === null) return 'this schedule never runs';
    return null;
  } catch (error) {
    return (error as Error).message.replace(/^CronPattern: /, '');
  }
};

/** The first run strictly after `from` in Asia/Ho_Chi_Minh, or null when there is none. Pure. */
export const nextCronRun = (expression: string, from: Date): Date | null => {
  try {
    return compile(expression).nextRun(from);
  } catch {
    return null;
  }
};

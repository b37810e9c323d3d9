import { SilencesScreen } from '../features/admin-silences/components/silences-screen';
import { Region } from './region';
import { useDepartmentOptions } from './use-department-options';

/** Silences and maintenance windows, for administrators, operators and department heads. */
export const AdminSilencesView = ({ timeZone }: { timeZone: string }) => {
  const departments = useDepartmentOptions();
  return (
    <Region name="silences">
      <SilencesScreen departments={departments} timeZone={timeZone} />
    </Region>
  );
};

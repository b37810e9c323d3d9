import type { ReactNode } from 'react';
import { useNavigateOnClick } from './router';

/** A link to another screen of the app: navigates in place, opens in a new tab when asked to. */
export const AppLink = ({
  to,
  className,
  isCurrent = false,
  children,
}: {
  to: string;
  className?: string;
  isCurrent?: boolean;
  children: ReactNode;
}) => {
  const onClick = useNavigateOnClick(to);
  return (
    <a
      href={to}
      className={className}
      aria-current={isCurrent ? 'page' : undefined}
      onClick={onClick}
    >
      {children}
    </a>
  );
};

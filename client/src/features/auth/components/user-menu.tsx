import type { Principal } from '@city-ioc/shared';
import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { useSignOut } from '../api/session';
import { canChangePassword, describePrincipal } from '../model/principal';
import { ChangePasswordDialog } from './change-password-dialog';

interface UserMenuProps {
  principal: Principal;
  /** Signed out on the server: forget the session and show the sign-in page. */
  onSignedOut: () => void;
}

/**
 * Who is signed in (name and role, or the wall screen's name), with a menu: change password
 * (people only) and sign out. The menu closes on Escape, on a click elsewhere, and after use.
 */
export const UserMenu = ({ principal, onSignedOut }: UserMenuProps) => {
  const { t } = useI18n();
  const [isOpen, setIsOpen] = useState(false);
  const [isChangingPassword, setIsChangingPassword] = useState(false);
  const signOut = useSignOut();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuId = useId();
  const { name, kindKey } = describePrincipal(principal);

  useEffect(() => {
    if (!isOpen) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setIsOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setIsOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [isOpen]);

  return (
    <div className="user-menu" ref={rootRef} data-testid="user-menu">
      <button
        ref={buttonRef}
        type="button"
        className="user-menu__button"
        aria-haspopup="true"
        aria-expanded={isOpen}
        aria-controls={menuId}
        aria-label={t('account.menu', { name })}
        onClick={() => setIsOpen((open) => !open)}
        data-testid="user-menu-button"
      >
        <span className="user-menu__name" data-testid="user-name">
          {name}
        </span>
        <span className="user-menu__role" data-testid="user-role" data-kind={principal.kind}>
          {t(kindKey)}
        </span>
      </button>
      {isOpen ? (
        <div id={menuId} className="user-menu__panel">
          {canChangePassword(principal) ? (
            <button
              type="button"
              className="user-menu__item"
              onClick={() => {
                setIsOpen(false);
                setIsChangingPassword(true);
              }}
              data-testid="change-password"
            >
              {t('account.changePassword')}
            </button>
          ) : null}
          <button
            type="button"
            className="user-menu__item"
            disabled={signOut.isPending}
            onClick={() =>
              signOut.mutate(undefined, {
                onSuccess: () => {
                  setIsOpen(false);
                  onSignedOut();
                },
              })
            }
            data-testid="sign-out"
          >
            {signOut.isPending ? t('account.signingOut') : t('account.signOut')}
          </button>
          {signOut.isError ? (
            <p className="user-menu__error" role="alert">
              {t('account.signOutFailed', { message: signOut.error.message })}
            </p>
          ) : null}
        </div>
      ) : null}
      {isChangingPassword ? (
        <ChangePasswordDialog onClose={() => setIsChangingPassword(false)} />
      ) : null}
    </div>
  );
};

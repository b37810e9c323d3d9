import { create } from 'zustand';

/** Why the sign-in page is showing, when it is not the user's own first visit. */
export type SignInNotice = 'sessionEnded' | 'displayEnded' | 'signedOut' | null;

interface SignInNoticeState {
  notice: SignInNotice;
  noticeShown: (notice: Exclude<SignInNotice, null>) => void;
  noticeCleared: () => void;
}

/** View state: the line the sign-in page shows above its form. */
export const useSignInNoticeStore = create<SignInNoticeState>()((set) => ({
  notice: null,
  noticeShown: (notice) => set({ notice }),
  noticeCleared: () => set({ notice: null }),
}));

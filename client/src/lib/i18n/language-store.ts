import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { Language } from './dictionary';

interface LanguageState {
  language: Language;
  languageChosen: (language: Language) => void;
}

/** The UI language: view state, Vietnamese by default, remembered on this screen. */
export const useLanguageStore = create<LanguageState>()(
  persist(
    (set) => ({
      language: 'vi',
      languageChosen: (language) => set({ language }),
    }),
    {
      name: 'city-ioc.language',
      storage: createJSONStorage(() => localStorage),
      partialize: (state) => ({ language: state.language }),
    },
  ),
);

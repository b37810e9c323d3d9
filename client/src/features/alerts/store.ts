import { create } from 'zustand';

interface AlertViewState {
  selectedAlertId: string | null;
  /** Grows on every selection, so choosing the same alert again flies the map there again. */
  selectionCount: number;
  /** Chosen in the list: the map flies there. */
  alertSelected: (alertId: string) => void;
  /** Picked on the map: already in view, so the map stays where it is. */
  alertPicked: (alertId: string) => void;
  selectionCleared: () => void;
}

/** View state of the alerts panel. Alerts themselves live in the query cache, never here. */
export const useAlertViewStore = create<AlertViewState>()((set) => ({
  selectedAlertId: null,
  selectionCount: 0,
  alertSelected: (alertId) =>
    set((state) => ({ selectedAlertId: alertId, selectionCount: state.selectionCount + 1 })),
  alertPicked: (alertId) => set({ selectedAlertId: alertId }),
  selectionCleared: () => set({ selectedAlertId: null }),
}));

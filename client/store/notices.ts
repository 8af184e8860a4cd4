// Short-lived messages ("Action refused: ...") shown in one polite live region.
import { create } from 'zustand';

export interface Notice {
  id: number;
  tone: 'error' | 'info' | 'success';
  text: string;
}

interface NoticeStore {
  notices: Notice[];
  push: (tone: Notice['tone'], text: string, ms?: number) => void;
  dismiss: (id: number) => void;
}

let next = 1;

export const useNotices = create<NoticeStore>()((set, get) => ({
  notices: [],
  push: (tone, text, ms = tone === 'error' ? 8000 : 4000) => {
    const id = next++;
    // Keep the last few: a burst of failures must not bury the screen.
    set({ notices: [...get().notices.slice(-3), { id, tone, text }] });
    setTimeout(() => get().dismiss(id), ms);
  },
  dismiss: (id) => set({ notices: get().notices.filter((n) => n.id !== id) }),
}));

export const notify = (tone: Notice['tone'], text: string) =>
  useNotices.getState().push(tone, text);

// Keyboard-first forms (the incoming desk): Enter moves to the next field instead of submitting,
// Ctrl+Enter (⌘+Enter) submits from anywhere, a text area keeps Enter for new lines. Enter while a
// Chinese input method is composing belongs to the input method.
import { useCallback, useRef, type KeyboardEvent } from 'react';

function fields(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>('input, textarea, button[type=submit]')).filter((el) => {
    if ((el as HTMLInputElement).disabled || el.tabIndex < 0) return false;
    if (el instanceof HTMLInputElement && (el.type === 'hidden' || el.type === 'file' || (el.type === 'radio' && !el.checked))) return false;
    // Upload pickers and row buttons are reached with Tab; Enter would open them.
    if (el.closest('.ant-upload, [data-enter-skip]')) return false;
    return el.getClientRects().length > 0;
  });
}

function focusNext(root: HTMLElement, from: HTMLElement) {
  const list = fields(root);
  const i = list.findIndex((el) => el === from || el.contains(from));
  const next = list[i + 1];
  if (next) next.focus();
}

export function useKeyboardForm(submit: () => void) {
  const ref = useRef<HTMLDivElement>(null);
  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLDivElement>) => {
      if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        submit();
        return;
      }
      const el = e.target as HTMLElement;
      if (el.tagName !== 'INPUT' || !ref.current || el.closest('.ant-upload, [data-enter-skip]')) return;
      // An open suggestion list has taken this Enter already (its handler is on the input itself and
      // picked the highlighted option); moving on at once keeps up with a fast typist.
      e.preventDefault();
      focusNext(ref.current, el);
    },
    [submit],
  );
  return { ref, onKeyDown };
}

// A box that scrolls (a wide table on a phone, a long JSON) must be reachable by the keyboard, or what it
// hides is out of reach without a mouse (WCAG 2.1.1). Attached to such a box, these make it a tab stop
// while, and only while, its content overflows it, sideways or downwards: the arrow keys then scroll it.
// `scrolling(name)` also makes it, meanwhile, a region named after it ("Plans (scrolls)"), so a screen reader
// announces what the tab stop holds, apart from the section of the same name around it.
import type { Attachment } from 'svelte/attachments';
import { t } from '../i18n/i18n.svelte.ts';

function watch(box: HTMLElement, what: string | null): () => void {
  // read here, in the attachment's effect: the name follows the language
  const name = what === null ? null : t('common.scrollRegion', { name: what });
  const update = () => {
    const overflows = box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight;
    if (overflows) {
      box.setAttribute('tabindex', '0');
      if (name !== null) {
        box.setAttribute('role', 'region');
        box.setAttribute('aria-label', name);
      }
    } else {
      box.removeAttribute('tabindex');
      if (name !== null) {
        box.removeAttribute('role');
        box.removeAttribute('aria-label');
      }
    }
  };
  update();
  // a document without layout (jsdom in the component tests) has nothing to observe
  if (typeof ResizeObserver === 'undefined') return () => {};
  const resizes = new ResizeObserver(update);
  resizes.observe(box);
  for (const child of box.children) resizes.observe(child);
  // new rows or text change what overflows without resizing the box (its height may be capped)
  const changes = new MutationObserver(update);
  changes.observe(box, { childList: true, subtree: true, characterData: true });
  return () => {
    resizes.disconnect();
    changes.disconnect();
  };
}

export const scrollRegion: Attachment<HTMLElement> = (box) => watch(box, null);

/** `{@attach scrolling(t('…'))}`: a scroll region named while it is one (the name follows the language) */
export const scrolling =
  (name: string): Attachment<HTMLElement> =>
  (box) =>
    watch(box, name);

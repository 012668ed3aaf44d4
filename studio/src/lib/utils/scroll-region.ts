// A box that scrolls sideways (a wide table on a phone) must be reachable by the keyboard, or its
// hidden columns are out of reach without a mouse (WCAG 2.1.1). Attached to such a box, this makes it
// a tab stop while, and only while, its content overflows: the arrow keys then scroll it.
import type { Attachment } from 'svelte/attachments';

export const scrollRegion: Attachment<HTMLElement> = (box) => {
  const update = () => {
    if (box.scrollWidth > box.clientWidth) box.setAttribute('tabindex', '0');
    else box.removeAttribute('tabindex');
  };
  const observer = new ResizeObserver(update);
  observer.observe(box);
  for (const child of box.children) observer.observe(child);
  update();
  return () => observer.disconnect();
};

// Media queries the layout follows (phone width, reduced motion), kept current while the page is open.
import { useEffect, useState } from 'react';

function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => typeof window !== 'undefined' && window.matchMedia(query).matches);
  useEffect(() => {
    const mq = window.matchMedia(query);
    const on = () => setMatches(mq.matches);
    mq.addEventListener('change', on);
    on();
    return () => mq.removeEventListener('change', on);
  }, [query]);
  return matches;
}

/** Phone width (below 768 px): menus become drawers, tables become card lists, forms stack. */
export const useIsMobile = () => useMediaQuery('(max-width: 767.98px)');

/**
 * The person asked their system for less motion: antd's zooms and slides are then turned off
 * (WCAG 2.3.3).
 */
export const useReducedMotion = () => useMediaQuery('(prefers-reduced-motion: reduce)');

/** The state of something being loaded, as `react-use`'s async hooks give it. */
export type LoadState<T> = {
  loading: boolean;
  error?: Error;
  value?: T;
};

/**
 * Where one section of a tab stands, as far as the tab is concerned: still loading its
 * first value, failed, loaded but empty, or loaded with something to show.
 */
export type SectionLoad = 'loading' | 'error' | 'empty' | 'loaded';

/**
 * The {@link SectionLoad} of `state`. A reload keeps the previous value on screen, so it
 * counts as that value; a retry after a failure counts as loading; nothing loaded and
 * nothing loading counts as empty.
 */
export function sectionLoadOf<T>(
  state: LoadState<T>,
  isEmpty?: (value: T) => boolean,
): SectionLoad {
  if (state.value === undefined) {
    if (state.loading) return 'loading';
    return state.error ? 'error' : 'empty';
  }
  if (state.error) return 'error';
  return isEmpty?.(state.value) ? 'empty' : 'loaded';
}

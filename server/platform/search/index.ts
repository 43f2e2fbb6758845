// The public surface of the platform's full-text index: modules import only this.
export { SearchIndex, MAX_LIMIT, type SearchDocument, type SearchHit, type SearchRequest, type SearchResult, type RecordReadFilter } from './search.service.js';
export { COUNT_CAP, RANK_WINDOW, type SearchFilters } from './search.repository.js';

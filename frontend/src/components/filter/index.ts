export { FilterBuilder, type FilterBuilderProps, type ValueRenderer } from './FilterBuilder';
export { fromEditor, toEditor, type Catalogue, type CatalogueField, type FilterJson } from './ast';
export { useFilterCatalogue } from './useFilterCatalogue';

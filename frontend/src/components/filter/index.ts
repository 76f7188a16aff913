export { FilterBuilder, type FilterBuilderProps, type ValueRenderer } from './FilterBuilder';
export { FilterEditor, type FilterEditorProps } from './FilterEditor';
export { fromEditor, toEditor, type Catalogue, type CatalogueField, type FilterJson } from './ast';
export { useFilterCatalogue } from './useFilterCatalogue';
export { useFilterCount } from './useFilterCount';

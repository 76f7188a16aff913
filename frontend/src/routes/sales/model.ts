/** Sales project shapes: the generated API types under the names the screens use. */
export type {
  SalesProject,
  SalesProjectListItem,
  ProjectStage,
  ProjectEvent,
  CurrentStage,
  StageRow,
  Kanban,
  KanbanColumn,
  KanbanCard,
} from '../../api/sdk';
export type { ProjectStatus, StageStatus } from '../../client/types.gen';

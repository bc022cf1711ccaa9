/** The history pages, one chunk loaded when a report's history is first opened (app.tsx). */
import './history.css';
export { ComparePage } from './ComparePage.tsx';
export { HistoryPage } from './HistoryPage.tsx';
export { VersionPage } from './VersionPage.tsx';

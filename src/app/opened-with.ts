/**
 * The query string the page was opened with, read once when the entry module loads: the course
 * rewrites its address to the canonical form (dropping `hub`, `token` and `run`), and the lab
 * elements that need those load later, on demand.
 */
export const OPENED_WITH: string = location.search;

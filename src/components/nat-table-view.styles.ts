/**
 * The NAT table's CSS: compact monospace rows, lifetime bars, and row states (new, refreshed,
 * used by the current translation, expired).
 */
import { css } from 'lit';

/** Styles of <nat-table-view>. */
export const tableStyles = css`
  section {
    padding: 8px 10px 10px;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    gap: 6px 10px;
    margin-bottom: 4px;
  }
  header h3 {
    padding-top: 7px;
    white-space: nowrap;
  }
  header nat-picker {
    flex: 1 1 0;
    min-width: 170px;
  }
  header nat-picker[open] {
    flex-basis: 100%;
  }
  .scroll {
    overflow-x: auto;
  }
  h3 .ip {
    font-family: var(--mono);
    text-transform: none;
    letter-spacing: 0;
    color: var(--nat);
    margin-left: 6px;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-family: var(--mono);
    font-size: var(--fs-xs);
  }
  caption {
    text-align: left;
    color: var(--faint);
    font-family: var(--sans);
    font-size: var(--fs-xs);
    padding: 2px 0;
  }
  th {
    text-align: left;
    font-family: var(--sans);
    font-weight: 500;
    color: var(--faint);
    font-size: var(--fs-xs);
    border-bottom: 1px solid var(--line);
    padding: 2px 4px;
  }
  td {
    padding: 3px 4px;
    border-bottom: 1px solid color-mix(in srgb, var(--line) 60%, transparent);
    vertical-align: top;
    white-space: nowrap;
  }
  tr.empty td {
    color: var(--faint);
    font-family: var(--sans);
    font-style: italic;
  }
  tr.new {
    background: color-mix(in srgb, var(--ok) 16%, transparent);
    animation: flash 0.8s ease-out;
  }
  tr.refreshed,
  tr.used {
    background: color-mix(in srgb, var(--nat) 12%, transparent);
  }
  tr.expired td {
    color: var(--faint);
  }
  tr.expired .gone {
    text-decoration: line-through;
  }
  tr.expired .when {
    font-family: var(--sans);
    font-size: var(--fs-xs);
    color: var(--muted);
  }
  @keyframes flash {
    from {
      background: color-mix(in srgb, var(--ok) 45%, transparent);
    }
  }
  .sub,
  .note {
    color: var(--muted);
    font-size: var(--fs-xs);
  }
  .note {
    color: var(--nat);
    font-family: var(--sans);
    white-space: normal;
    min-width: 180px;
    max-width: 260px;
  }
  .ttl {
    display: flex;
    align-items: center;
    gap: 6px;
    margin-top: 2px;
  }
  .ttl .bar {
    flex: 0 0 70px;
  }
  .bar {
    height: 4px;
    background: var(--line);
    border-radius: 2px;
    overflow: hidden;
  }
  .bar i {
    display: block;
    height: 100%;
    background: var(--nat);
  }
  .secs {
    color: var(--muted);
    font-size: var(--fs-xs);
  }
  .state {
    color: var(--muted);
    font-size: var(--fs-xs);
  }
  .state.ok {
    color: var(--ok);
  }
  details {
    margin-top: 6px;
  }
  summary {
    cursor: pointer;
    color: var(--muted);
    font-size: var(--fs-xs);
  }
`;

/**
 * The browser entry: installs the colour tokens and registers <nat-app> (index.html has one).
 */
import { ROOT_TOKENS } from './components/styles.ts';
import './components/nat-app.ts';

const style = document.createElement('style');
style.textContent = ROOT_TOKENS;
document.head.append(style);

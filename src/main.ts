/**
 * The browser entry: installs the colour tokens, then starts the app the URL names: the course
 * (<lesson-app>, the start page) or the simulator and matrix (<nat-app>), each loaded on demand
 * so the course's first page does not carry the simulator.
 */
import { ROOT_TOKENS } from './components/styles.ts';
import { courseRoute } from './app/course-url.ts';

const style = document.createElement('style');
style.textContent = ROOT_TOKENS;
document.head.append(style);

const course = courseRoute(location.search) !== undefined;
const root = document.createElement(course ? 'lesson-app' : 'nat-app');
document.body.prepend(root);
void (course ? import('./components/lesson-app.ts') : import('./components/nat-app.ts'));

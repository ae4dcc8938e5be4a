/**
 * The browser entry: installs the colour tokens, then starts the app the URL names: the course
 * (<lesson-app>, the start page) or the simulator and matrix (<nat-app>), each loaded on demand
 * so the course's first page does not carry the simulator.
 */
import { ROOT_TOKENS } from './components/styles.ts';
import { courseRoute } from './app/course-url.ts';
// Read before any page rewrites its address (the lab elements load later and need it).
import './app/opened-with.ts';

const style = document.createElement('style');
style.textContent = ROOT_TOKENS;
document.head.append(style);

const course = courseRoute(location.search) !== undefined;
// The root element enters the page once its module is defined, so it is live when it appears
// (tests wait for it rather than for the load event, which a dynamic import does not delay).
void (course ? import('./components/lesson-app.ts') : import('./components/nat-app.ts')).then(() =>
  document.body.prepend(document.createElement(course ? 'lesson-app' : 'nat-app')),
);

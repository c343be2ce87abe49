import './zod-without-eval';
// The app's one stylesheet, in cascade order: the design tokens and shared controls first, then each
// feature's styles. The scripts load with their routes; the styles, small beside them, load at once,
// so a dialog or list looks the same whichever screen opens it first.
// Inter in the weights the app uses, as static faces: a variable font is embedded in a PDF as drawn
// outlines, which made a 300-page record twice as slow to print and twice the size.
import '@fontsource/inter/400.css';
import '@fontsource/inter/400-italic.css';
import '@fontsource/inter/500.css';
import '@fontsource/inter/600.css';
import './styles/tokens.css';
import './styles/base.css';
import './styles/controls.css';
import './styles/screens.css';
import './styles/print.css';
import './components/modal.css';
import './components/combobox.css';
import './components/sparkline.css';
import 'react-big-calendar/lib/css/react-big-calendar.css';
import 'react-big-calendar/lib/addons/dragAndDrop/styles.css';
import './calendar/calendar.css';
import './feedback/feedback.css';
import './import/import.css';
import './chart/chart.css';
import './aims/aims.css';
import './plan/plan.css';
import './results/results.css';
import './components/print-document.css';
import './plan/print-plan.css';
import './titrations/titrations.css';
import './exports/exports.css';
import './consents/consents.css';
import './search/search.css';
import './restore/restore.css';
import './styles/session-timer.css';
import './monitoring/monitoring.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createQueryClient } from './bridge/queries';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');

createRoot(container).render(
  <StrictMode>
    <App client={createQueryClient()} />
  </StrictMode>,
);

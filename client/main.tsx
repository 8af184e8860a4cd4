// The browser entry: mounts the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { config as zodConfig } from 'zod/mini';
import { App } from './app/App.tsx';
import './app/styles.css';
import './app/adaptive.css';

// The page's Content-Security-Policy forbids eval: zod must not probe for it (the probe is
// caught, but every page load would report a policy violation).
zodConfig({ jitless: true });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

import './zod-config';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/dropzone/styles.css';
import './global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider, localStorageColorSchemeManager } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { App } from './App';
import { TOAST_LIMIT, TOAST_MS } from './notify';
import { theme } from './theme';

const colorSchemeManager = localStorageColorSchemeManager({ key: 'leadforge-color-scheme' });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light" colorSchemeManager={colorSchemeManager}>
      <Notifications position="bottom-right" limit={TOAST_LIMIT} autoClose={TOAST_MS.info} />
      <App />
    </MantineProvider>
  </StrictMode>,
);

import { useEffect, useState } from 'react';
import type { LeadforgeBridge } from '@shared/ipc';

declare global {
  interface Window {
    leadforge?: LeadforgeBridge;
  }
}

/** Placeholder shell: the rep's screens (import, pipeline, review, settings) arrive with the desktop-app issue. */
export function App() {
  const [info, setInfo] = useState<string>('');
  useEffect(() => {
    window.leadforge?.appInfo({}).then((i) => setInfo(`${i.name} ${i.version} · data in ${i.dataDir}`)).catch(() => setInfo(''));
  }, []);
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: 32 }}>
      <h1>LeadForge</h1>
      <p>Headless pipeline ready. Run <code>npx leadforge process &lt;file&gt;</code>.</p>
      <p>{info}</p>
    </main>
  );
}

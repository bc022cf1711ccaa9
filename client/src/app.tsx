import { useMemo, useState } from 'react';
import { loadDisplayName, personNamed, saveDisplayName } from './identity.ts';
import { NamePrompt } from './pages/NamePrompt.tsx';
import { ReportListPage } from './pages/ReportListPage.tsx';
import { ReportPage } from './pages/ReportPage.tsx';
import { Link, useRoute } from './router.tsx';

export function App() {
  const route = useRoute();
  const [name, setName] = useState(loadDisplayName);
  const person = useMemo(() => (name ? personNamed(name) : null), [name]);
  if (!person) {
    return (
      <NamePrompt
        onChosen={(chosen) => {
          saveDisplayName(chosen);
          setName(chosen);
        }}
      />
    );
  }
  switch (route.page) {
    case 'list':
      return <ReportListPage person={person} />;
    case 'report':
      return <ReportPage key={route.reportId} reportId={route.reportId} person={person} />;
    case 'notFound':
      return (
        <main className="not-found">
          <p>页面不存在：{route.path}</p>
          <Link to="/">返回报告列表</Link>
        </main>
      );
  }
}

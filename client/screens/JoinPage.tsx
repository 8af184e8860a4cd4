// Where a join link (or the QR code on the facilitator's screen) lands: the join form with
// the code filled in, alone on the page so it fits a phone.
import { useEffect } from 'react';
import { Link } from '../app/Link.tsx';
import { JoinForm } from '../components/JoinForm.tsx';
import { TopBar } from '../components/TopBar.tsx';

export function JoinPage({ code }: { code: string }) {
  useEffect(() => {
    document.title = 'Join a drill · Firedrill';
  }, []);
  return (
    <>
      <TopBar title="Join a drill" />
      <main className="page join-page" id="main">
        <div className="center-box stack">
          <JoinForm initialCode={code} />
          <p className="faint" style={{ margin: 0 }}>
            Not the drill you expected? <Link href="/">Open the lobby</Link>.
          </p>
        </div>
      </main>
    </>
  );
}

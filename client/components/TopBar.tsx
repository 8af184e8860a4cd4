// The sticky bar at the top of every screen: brand, screen title, screen tools and the
// connection indicator.
import type { ReactNode } from 'react';
import { Link } from '../app/Link.tsx';
import { ConnectionIndicator } from './ConnectionIndicator.tsx';

export function TopBar({
  title,
  sub,
  children,
}: {
  title?: string;
  sub?: string;
  children?: ReactNode;
}) {
  return (
    <header className="topbar">
      <Link href="/" className="brand" aria-label="Firedrill lobby">
        <span className="dot crit" aria-hidden="true" />
        Firedrill
      </Link>
      {title && (
        <div className="title">
          {title}
          {sub && <small>{sub}</small>}
        </div>
      )}
      <span className="spacer" />
      {children}
      <ConnectionIndicator />
    </header>
  );
}

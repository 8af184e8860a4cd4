// The sticky bar at the top of every screen: brand, screen title, screen tools and the
// connection indicator.
import type { ReactNode } from 'react';
import { Link } from '../app/Link.tsx';
import { ConnectionIndicator } from './ConnectionIndicator.tsx';
import { Notices } from './Notices.tsx';

export function TopBar({
  title,
  sub,
  heading = true,
  children,
}: {
  title?: string;
  sub?: string;
  /** Whether the title is the page's h1 (false when the page has its own). */
  heading?: boolean;
  children?: ReactNode;
}) {
  const Title = heading ? 'h1' : 'div';
  return (
    <header className="topbar">
      <Link href="/" className="brand" aria-label="Firedrill lobby">
        <span className="dot crit" aria-hidden="true" />
        Firedrill
      </Link>
      {title && (
        <Title className="title">
          {title}
          {sub && <small>{sub}</small>}
        </Title>
      )}
      <Notices />
      {children}
      <ConnectionIndicator />
    </header>
  );
}

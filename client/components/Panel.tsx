// A titled section of a console. The heading labels the region for assistive tech.
import { useId, type ReactNode } from 'react';

export function Panel({
  title,
  count,
  tools,
  children,
  bodyClass = '',
  className = '',
}: {
  title: string;
  count?: number | string | undefined;
  tools?: ReactNode;
  children: ReactNode;
  bodyClass?: string;
  className?: string;
}) {
  const id = useId();
  return (
    <section className={`panel ${className}`} aria-labelledby={id}>
      <header>
        <h2 id={id}>{title}</h2>
        {count !== undefined && <span className="count">{count}</span>}
        <span className="spacer" />
        {tools}
      </header>
      <div className={`body ${bodyClass}`}>{children}</div>
    </section>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

// The incident channel: players and non-player characters talk here.
import { memo, useLayoutEffect, useRef } from 'react';
import { formatClock } from '../lib/clock.ts';
import type { ViewMessage, ViewRole } from '../lib/view-types.ts';
import { Composer } from './Composer.tsx';
import { Empty, Panel } from './Panel.tsx';

export const Channel = memo(function Channel({
  messages,
  roles,
  onPost,
}: {
  messages: ViewMessage[];
  roles: ViewRole[];
  onPost?: ((text: string) => Promise<boolean>) | undefined;
}) {
  const box = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [messages.length]);
  const roleName = (id: string | null) => roles.find((r) => r.id === id)?.name ?? null;
  return (
    <Panel title="Incident channel" count={messages.length || undefined} bodyClass="flush">
      <div
        className="msgs"
        ref={box}
        role="log"
        aria-label="Incident channel messages"
        tabIndex={0}
        style={{ padding: '4px 12px' }}
      >
        {messages.length === 0 ? (
          <Empty>No messages yet.</Empty>
        ) : (
          messages.map((m, i) => {
            const isFacilitator =
              m.from.kind === 'player' && m.from.participantId === 'facilitator';
            const role = m.from.kind === 'player' ? roleName(m.from.role) : null;
            return (
              <div className="msg" key={i}>
                <span className="t">{formatClock(m.t)}</span>{' '}
                <span className={`who ${m.from.kind === 'npc' ? 'npc' : ''}`}>
                  {isFacilitator ? 'Facilitator' : m.from.name}
                </span>
                {m.from.kind === 'npc' && <span className="role">(character)</span>}
                {role && <span className="role">{role}</span>}
                <div>{m.text}</div>
              </div>
            );
          })
        )}
      </div>
      {onPost && (
        <Composer
          label="Message the incident channel"
          placeholder="Message the channel…"
          button="Send"
          onSend={onPost}
        />
      )}
    </Panel>
  );
});

// The join link and its QR code beside the join code, and a full-screen version for the
// projector in the meeting room: players scan it and land on the join page, code filled in.
import { QRCodeSVG } from 'qrcode.react';
import { useRef, useState } from 'react';
import { copyText } from '../lib/clipboard.ts';
import { joinLink } from '../lib/join-link.ts';
import { notify } from '../store/notices.ts';

// Dark on white, with a quiet zone: what phone cameras read best, even off a projector.
const QR = { bgColor: '#ffffff', fgColor: '#000000', marginSize: 2, level: 'M' } as const;

export function JoinInvite({ code }: { code: string }) {
  const link = joinLink(location.origin, code);
  const dialog = useRef<HTMLDialogElement>(null);
  const [copied, setCopied] = useState(false);
  return (
    <div className="join-invite">
      <button
        type="button"
        className="qr-button"
        onClick={() => dialog.current?.showModal()}
        aria-label="Show the join QR code for the room"
        title="Show it full screen for the room"
      >
        <QRCodeSVG
          value={link}
          size={88}
          {...QR}
          title={`QR code of the join link ${link}`}
          data-testid="join-qr"
        />
      </button>
      <div className="stack" style={{ gap: 4, minWidth: 0 }}>
        <a href={link} className="mono join-link" data-testid="join-link">
          {link}
        </a>
        <div className="row">
          <button
            type="button"
            className="small"
            onClick={async () => {
              const ok = await copyText(link);
              setCopied(ok);
              if (!ok) notify('error', 'Could not copy; select the link instead.');
              else setTimeout(() => setCopied(false), 2000);
            }}
          >
            {copied ? 'Copied' : 'Copy link'}
          </button>
          <button type="button" className="small" onClick={() => dialog.current?.showModal()}>
            Show for the room
          </button>
        </div>
      </div>
      <dialog ref={dialog} className="join-projector" aria-label="Join this drill">
        <form method="dialog" className="stack" style={{ alignItems: 'center' }}>
          <h2>Scan to join, or open the link</h2>
          <QRCodeSVG
            value={link}
            size={480}
            {...QR}
            title={`QR code of the join link ${link}`}
            className="qr-large"
          />
          <span className="joincode">{code}</span>
          <span className="mono join-link">{link}</span>
          <button type="submit" className="primary">
            Close
          </button>
        </form>
      </dialog>
    </div>
  );
}

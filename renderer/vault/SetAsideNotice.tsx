import type { SetAsideNotice as Notice } from '../../shared/vault';

/**
 * Files the vault could not use were moved, not deleted: the person is told what, why and where,
 * once, over whatever screen follows, until they dismiss it.
 */
export function SetAsideNotice({ notices, onDismiss }: { notices: readonly Notice[]; onDismiss: () => void }) {
  return (
    <aside className="set-aside-notice notice notice--warning" role="alert" aria-labelledby="set-aside-title">
      <div className="notice__body">
        <p className="notice__title" id="set-aside-title">
          Alliance moved files it could not use
        </p>
        {notices.map((notice) => (
          <div key={notice.folder} className="set-aside-notice__item">
            <p>{notice.reason}</p>
            <p>
              Moved, unchanged, to <bdi className="set-aside-notice__path">{notice.folder}</bdi>:{' '}
              {notice.files.map((file, index) => (
                <span key={file}>
                  {index > 0 ? ', ' : null}
                  <bdi>{file}</bdi>
                </span>
              ))}
              .
            </p>
          </div>
        ))}
        <p>Nothing was deleted. Keep that folder until you are sure you do not need it.</p>
      </div>
      <div className="notice__actions">
        <button type="button" className="button button--secondary" onClick={onDismiss}>
          I have read this
        </button>
      </div>
    </aside>
  );
}

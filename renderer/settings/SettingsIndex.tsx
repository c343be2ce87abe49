import { Link } from 'react-router';
import { SETTINGS_SECTIONS, settingsPath, type SettingsSectionId } from './sections';

/** Settings' side index: one link a section, the one shown marked as the current page. */
export function SettingsIndex({ current }: { current: SettingsSectionId }) {
  return (
    <nav className="settings__index" aria-label="Settings sections">
      <ul className="settings__index-list">
        {SETTINGS_SECTIONS.map((section) => (
          <li key={section.id}>
            <Link to={settingsPath(section.id)} className="settings__index-link" aria-current={section.id === current ? 'page' : undefined}>
              {section.title}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

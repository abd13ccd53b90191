import { join } from 'node:path';
import classnames from './classnames.json' with { type: 'json' };
import { fixedFoldersDataset } from '../../layouts/fixed-folders.js';

/** The ISO 3166-1 alpha-2 code folders of Country211, sorted: the i-th names classnames[i]. */
export const COUNTRY211_CODES = [
  'AD', 'AE', 'AF', 'AG', 'AI', 'AL', 'AM', 'AO', 'AQ', 'AR', 'AT', 'AU', 'AW', 'AX', 'AZ', 'BA', 'BB', 'BD', 'BE', 'BF',
  'BG', 'BH', 'BJ', 'BM', 'BN', 'BO', 'BQ', 'BR', 'BS', 'BT', 'BW', 'BY', 'BZ', 'CA', 'CD', 'CF', 'CH', 'CI', 'CK', 'CL',
  'CM', 'CN', 'CO', 'CR', 'CU', 'CV', 'CW', 'CY', 'CZ', 'DE', 'DK', 'DM', 'DO', 'DZ', 'EC', 'EE', 'EG', 'ES', 'ET', 'FI',
  'FJ', 'FK', 'FO', 'FR', 'GA', 'GB', 'GD', 'GE', 'GF', 'GG', 'GH', 'GI', 'GL', 'GM', 'GP', 'GR', 'GS', 'GT', 'GU', 'GY',
  'HK', 'HN', 'HR', 'HT', 'HU', 'ID', 'IE', 'IL', 'IM', 'IN', 'IQ', 'IR', 'IS', 'IT', 'JE', 'JM', 'JO', 'JP', 'KE', 'KG',
  'KH', 'KN', 'KP', 'KR', 'KW', 'KY', 'KZ', 'LA', 'LB', 'LC', 'LI', 'LK', 'LR', 'LT', 'LU', 'LV', 'LY', 'MA', 'MC', 'MD',
  'ME', 'MF', 'MG', 'MK', 'ML', 'MM', 'MN', 'MO', 'MQ', 'MR', 'MT', 'MU', 'MV', 'MW', 'MX', 'MY', 'MZ', 'NA', 'NC', 'NG',
  'NI', 'NL', 'NO', 'NP', 'NZ', 'OM', 'PA', 'PE', 'PF', 'PG', 'PH', 'PK', 'PL', 'PR', 'PS', 'PT', 'PW', 'PY', 'QA', 'RE',
  'RO', 'RS', 'RU', 'RW', 'SA', 'SB', 'SC', 'SD', 'SE', 'SG', 'SH', 'SI', 'SJ', 'SK', 'SL', 'SM', 'SN', 'SO', 'SS', 'SV',
  'SX', 'SY', 'SZ', 'TG', 'TH', 'TJ', 'TL', 'TM', 'TN', 'TO', 'TR', 'TT', 'TW', 'TZ', 'UA', 'UG', 'US', 'UY', 'UZ', 'VA',
  'VE', 'VG', 'VI', 'VN', 'VU', 'WS', 'XK', 'YE', 'ZA', 'ZM', 'ZW',
] as const;

/** OpenAI's Country211 (data/country211.md): <split>/<country code>/*.jpg, 211 countries. */
export const country211 = fixedFoldersDataset({
  name: 'country211',
  title: 'Country211',
  layout: '<root>/{train,valid,test}/<ISO country code>/*.jpg (the country211 archive; also <root>/country211/<split>/)',
  splits: ['test', 'train', 'valid'],
  defaultSplit: 'test',
  metric: 'top1',
  templates: 'country211',
  source: "class names and templates from OpenAI CLIP's data/prompts.md (Country211), in the order of the sorted country-code folders",
  classnames,
  folders: COUNTRY211_CODES,
  bases: (root, split) => [join(root, split), join(root, 'country211', split)],
});

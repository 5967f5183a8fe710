/**
 * Buyers and addresses per country, with the Unicode real buyers type (ü, é, ł, Å, 日本). Fictional data only.
 */
import { createRng, mixSeed, type Rng } from './prng.ts';
import { makeVatNumber } from './vat-numbers.ts';

interface CountryData {
  first: string[];
  last: string[];
  streets: string[];
  /** [city, postal code, state or region (US/CA only)] */
  cities: Array<[string, string, string?]>;
  phone: string;
  /** E-mail relay domain of the marketplace. */
  tld: string;
  companies: string[];
  vatPrefix?: string;
}

const COUNTRIES: Record<string, CountryData> = {
  DE: {
    first: ['Jürgen', 'Anna', 'Björn', 'Käthe', 'Lukas', 'Sören', 'Mia', 'Jörg'],
    last: ['Müller', 'Schröder', 'Weiß', 'Köhler', 'Groß', 'Becker', 'Fuchs', 'Krämer'],
    streets: ['Hauptstraße', 'Bahnhofstraße', 'Lindenweg', 'Schloßallee', 'Münzgasse'],
    cities: [['München', '80331'], ['Köln', '50667'], ['Düsseldorf', '40213'], ['Berlin', '10115'], ['Nürnberg', '90402']],
    phone: '+49 30 5550', tld: 'de', companies: ['Bäckerei Groß KG', 'Müller Bürobedarf GmbH'], vatPrefix: 'DE',
  },
  FR: {
    first: ['Zoë', 'Hélène', 'François', 'Amélie', 'Jérôme', 'Noël', 'Céline', 'Loïc'],
    last: ['Lefèvre', 'Dupré', 'Gauthier', 'Bérenger', 'Moreau', 'Rivière', 'Fontaine'],
    streets: ['rue de la République', 'avenue des Champs-Élysées', 'rue du Général-Leclerc', 'boulevard Saint-Michel'],
    cities: [['Paris', '75008'], ['Lyon', '69002'], ['Orléans', '45000'], ['Besançon', '25000'], ['Nîmes', '30000']],
    phone: '+33 1 5550', tld: 'fr', companies: ['Café Crème SARL', 'Société Générale de Thé SAS'], vatPrefix: 'FR',
  },
  IT: {
    first: ['Niccolò', 'Giulia', 'Lucía', 'Matteo', 'Chiara', 'Andrea', 'Federica'],
    last: ['Rossi', 'Bianchi', 'Ferrari', 'Esposito', 'Romano', 'Colombo', 'Della Rocca'],
    streets: ['Via Roma', 'Corso Vittorio Emanuele II', 'Via Garibaldi', 'Piazza del Duomo'],
    cities: [['Milano', '20121'], ['Roma', '00184'], ['Forlì', '47121'], ['Cantù', '22063'], ['Torino', '10121']],
    phone: '+39 02 5550', tld: 'it', companies: ['Caffè Rossi S.r.l.', 'Tè & Co. S.p.A.'], vatPrefix: 'IT',
  },
  GB: {
    first: ['Oliver', 'Siobhán', 'Amelia', 'Seán', 'Harriet', 'George', 'Niamh'],
    last: ['Smith', 'O’Brien', 'Taylor', 'Brontë', 'Williams', 'Davies', 'Evans'],
    streets: ['High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Mill Lane'],
    cities: [['London', 'SW1A 1AA'], ['Manchester', 'M1 1AE'], ['Edinburgh', 'EH1 1YZ'], ['Bristol', 'BS1 4DJ']],
    phone: '+44 20 7946', tld: 'co.uk', companies: ['Tea Room Ltd', 'Brontë Office Supplies Ltd'], vatPrefix: 'GB',
  },
  PL: {
    first: ['Łukasz', 'Małgorzata', 'Paweł', 'Zofia', 'Wojciech', 'Agnieszka', 'Michał'],
    last: ['Wiśniewski', 'Kowalczyk', 'Wójcik', 'Zieliński', 'Dąbrowska', 'Łęcka', 'Szymański'],
    streets: ['ul. Marszałkowska', 'ul. Świętokrzyska', 'ul. Długa', 'aleja Róż', 'ul. Żeromskiego'],
    cities: [['Warszawa', '00-001'], ['Kraków', '30-001'], ['Łódź', '90-001'], ['Gdańsk', '80-001'], ['Poznań', '60-001']],
    phone: '+48 22 555', tld: 'pl', companies: ['Kawiarnia Łódź Sp. z o.o.', 'Herbaciarnia Żółta S.A.'], vatPrefix: 'PL',
  },
  SE: {
    first: ['Åsa', 'Björn', 'Märta', 'Örjan', 'Linnéa', 'Håkan', 'Sigrid'],
    last: ['Ångström', 'Lindqvist', 'Söderberg', 'Öberg', 'Nyström', 'Åkesson', 'Berglund'],
    streets: ['Drottninggatan', 'Storgatan', 'Kungsgatan', 'Östra Hamngatan', 'Götgatan'],
    cities: [['Stockholm', '111 52'], ['Göteborg', '411 01'], ['Malmö', '211 20'], ['Västerås', '721 30']],
    phone: '+46 8 555', tld: 'se', companies: ['Kaffekompaniet AB', 'Tehuset Öberg AB'], vatPrefix: 'SE',
  },
  US: {
    first: ['Emily', 'José', 'Michael', 'Zoë', 'Hiroshi', 'Ashley', 'Renée'],
    last: ['Johnson', 'García', 'Nguyen', 'O’Connor', 'Smith', 'Müller', 'Brown'],
    streets: ['Main Street', 'Oak Avenue', 'Maple Drive', 'Pine Street', 'Sunset Boulevard'],
    cities: [['Seattle', '98101', 'WA'], ['Austin', '78701', 'TX'], ['New York', '10001', 'NY'],
      ['San José', '95113', 'CA'], ['Miami', '33101', 'FL'], ['Portland', '97201', 'OR'], ['Chicago', '60601', 'IL']],
    phone: '+1 206 555', tld: 'com', companies: ['Bean There LLC', 'Acme Office Coffee Inc.'],
  },
  CA: {
    first: ['Émilie', 'Liam', 'Geneviève', 'Noah', 'Chloé', 'Étienne', 'Olivia'],
    last: ['Tremblay', 'Gagnon', 'Roy', 'Côté', 'Bouchard', 'Wilson', 'Lévesque'],
    streets: ['rue Sainte-Catherine', 'Yonge Street', 'boulevard René-Lévesque', 'Granville Street'],
    cities: [['Montréal', 'H2X 1Y4', 'QC'], ['Toronto', 'M5V 2T6', 'ON'], ['Vancouver', 'V6B 1A1', 'BC'],
      ['Calgary', 'T2P 1J9', 'AB']],
    phone: '+1 514 555', tld: 'ca', companies: ['Café Côté Inc.', 'Maple Roasters Ltd.'],
  },
  JP: {
    first: ['太郎', '花子', '健太', 'さくら', '翔', '美咲', '大輔'],
    last: ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本'],
    streets: ['一丁目', '二丁目', '三丁目', '四丁目', '五丁目'],
    cities: [['千代田区丸の内', '100-0005', '東京都'], ['大阪市北区梅田', '530-0001', '大阪府'],
      ['札幌市中央区北一条西', '060-0001', '北海道'], ['名古屋市中村区名駅', '450-0002', '愛知県'], ['福岡市博多区博多駅前', '812-0011', '福岡県']],
    phone: '+81 3 5550', tld: 'co.jp', companies: ['株式会社カフェ山田', '合同会社お茶の森'],
  },
};

/** Buyers from elsewhere who shop on any marketplace: names in Japanese script among them. */
const TRAVELLERS: Array<[string, string]> = [['日本', '太郎'], ['山田', '花子'], ['Ólafsdóttir', 'Sigríður']];

export interface Person {
  name: string;
  email: string;
  phone: string;
  address: { addressLine1: string; addressLine2?: string; city: string; postalCode: string; stateOrRegion?: string };
}

/** Countries with data; a ship-to country must be one of them. */
export function knownCountry(country: string): boolean {
  return country in COUNTRIES;
}

function country(code: string): CountryData {
  const data = COUNTRIES[code];
  if (!data) throw new Error(`no buyer data for country ${code}`);
  return data;
}

/** A buyer living in `countryCode`; `tld` is the marketplace's e-mail relay domain. Deterministic from rng. */
export function makePerson(rng: Rng, countryCode: string, tld: string): Person {
  const c = country(countryCode);
  const [last, first] = rng.chance(0.04) ? rng.pick(TRAVELLERS) : [rng.pick(c.last), rng.pick(c.first)];
  const [city, postalCode, state] = rng.pick(c.cities);
  const local = Array.from({ length: 16 }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[rng.int(0, 35)]).join('');
  const address: Person['address'] = { addressLine1: `${rng.pick(c.streets)} ${rng.int(1, 180)}`, city, postalCode };
  if (rng.chance(0.3)) address.addressLine2 = rng.pick(['2. OG', 'Apt 4B', 'Bât. C', 'Flat 2A', 'lok. 12', 'c/o Büro']);
  if (state) address.stateOrRegion = state;
  return {
    name: /[\u3040-\u9fff]/.test(last) ? `${last} ${first}` : `${first} ${last}`,
    email: `${local}@marketplace.amazon.${tld}`,
    phone: `${c.phone} ${String(rng.int(0, 9999)).padStart(4, '0')}`,
    address,
  };
}

/** The relay e-mail domain suffix of a marketplace country. */
export function mailTld(countryCode: string): string {
  return country(countryCode).tld;
}

/** About one business buyer in ten has a VAT number with wrong check digits, on purpose (see the README). */
export const INVALID_VAT_SHARE = 0.1;

/**
 * A company name and a VAT number of the given country (EU and GB only have one): valid check digits, except
 * INVALID_VAT_SHARE of them. The number comes from its own stream seeded by one draw, so the order's other draws
 * do not depend on how many tries a valid number took.
 */
export function makeCompany(rng: Rng, countryCode: string): { name: string; vatNumber?: string } {
  const c = country(countryCode);
  const name = rng.pick(c.companies);
  if (!c.vatPrefix) return { name };
  const vatRng = createRng(mixSeed('vat', countryCode, rng.int(100_000_000, 999_999_999)));
  return { name, vatNumber: makeVatNumber(vatRng, c.vatPrefix, !vatRng.chance(INVALID_VAT_SHARE)) };
}

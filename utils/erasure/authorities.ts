import type { Authority } from './types';

/** The EDPB's list of every member authority: the fallback when the user's authority is not below. */
export const EDPB_MEMBERS_URL = 'https://www.edpb.europa.eu/about-edpb/about-edpb/members_en';

/** Supervisory authorities (Art. 77 GDPR) of the 27 EU member states and Iceland, Liechtenstein and Norway. */
export const AUTHORITIES: readonly Authority[] = [
  { country: 'AT', name: 'Datenschutzbehörde (DSB)', website: 'https://www.dsb.gv.at' },
  { country: 'BE', name: 'Autorité de protection des données / Gegevensbeschermingsautoriteit', website: 'https://www.autoriteprotectiondonnees.be' },
  { country: 'BG', name: 'Комисия за защита на личните данни (Commission for Personal Data Protection)', website: 'https://www.cpdp.bg' },
  { country: 'HR', name: 'Agencija za zaštitu osobnih podataka (AZOP)', website: 'https://azop.hr' },
  { country: 'CY', name: 'Commissioner for Personal Data Protection', website: 'https://www.dataprotection.gov.cy' },
  { country: 'CZ', name: 'Úřad pro ochranu osobních údajů (ÚOOÚ)', website: 'https://uoou.gov.cz' },
  { country: 'DK', name: 'Datatilsynet', website: 'https://www.datatilsynet.dk' },
  { country: 'EE', name: 'Andmekaitse Inspektsioon', website: 'https://www.aki.ee' },
  { country: 'FI', name: 'Tietosuojavaltuutetun toimisto (Data Protection Ombudsman)', website: 'https://tietosuoja.fi' },
  { country: 'FR', name: "Commission nationale de l'informatique et des libertés (CNIL)", website: 'https://www.cnil.fr' },
  // The federal commissioner supervises federal bodies and telecoms/postal services. For private controllers (which
  // is what a Lemmy or Matrix instance run from Germany usually is) the authority of the state (Land) is competent.
  { country: 'DE', name: 'Die Bundesbeauftragte für den Datenschutz und die Informationsfreiheit (BfDI)', website: 'https://www.bfdi.bund.de' },
  {
    country: 'DE',
    name: 'Datenschutzaufsichtsbehörden der Länder (list of the German state authorities)',
    website: 'https://www.datenschutzkonferenz-online.de/datenschutzaufsichtsbehoerden.html',
  },
  { country: 'GR', name: 'Αρχή Προστασίας Δεδομένων Προσωπικού Χαρακτήρα (Hellenic Data Protection Authority)', website: 'https://www.dpa.gr' },
  { country: 'HU', name: 'Nemzeti Adatvédelmi és Információszabadság Hatóság (NAIH)', website: 'https://naih.hu' },
  { country: 'IE', name: 'Data Protection Commission', website: 'https://www.dataprotection.ie' },
  { country: 'IT', name: 'Garante per la protezione dei dati personali', website: 'https://www.garanteprivacy.it' },
  { country: 'LV', name: 'Datu valsts inspekcija', website: 'https://www.dvi.gov.lv' },
  { country: 'LT', name: 'Valstybinė duomenų apsaugos inspekcija', website: 'https://vdai.lrv.lt' },
  { country: 'LU', name: 'Commission nationale pour la protection des données (CNPD)', website: 'https://cnpd.public.lu' },
  { country: 'MT', name: 'Information and Data Protection Commissioner', website: 'https://idpc.org.mt' },
  { country: 'NL', name: 'Autoriteit Persoonsgegevens', website: 'https://www.autoriteitpersoonsgegevens.nl' },
  { country: 'PL', name: 'Urząd Ochrony Danych Osobowych (UODO)', website: 'https://uodo.gov.pl' },
  { country: 'PT', name: 'Comissão Nacional de Proteção de Dados (CNPD)', website: 'https://www.cnpd.pt' },
  { country: 'RO', name: 'Autoritatea Națională de Supraveghere a Prelucrării Datelor cu Caracter Personal (ANSPDCP)', website: 'https://www.dataprotection.ro' },
  { country: 'SK', name: 'Úrad na ochranu osobných údajov Slovenskej republiky', website: 'https://dataprotection.gov.sk' },
  { country: 'SI', name: 'Informacijski pooblaščenec', website: 'https://www.ip-rs.si' },
  { country: 'ES', name: 'Agencia Española de Protección de Datos (AEPD)', website: 'https://www.aepd.es' },
  { country: 'SE', name: 'Integritetsskyddsmyndigheten (IMY)', website: 'https://www.imy.se' },
  { country: 'IS', name: 'Persónuvernd', website: 'https://www.personuvernd.is' },
  { country: 'LI', name: 'Datenschutzstelle Liechtenstein', website: 'https://www.datenschutzstelle.li' },
  { country: 'NO', name: 'Datatilsynet', website: 'https://www.datatilsynet.no' },
  // Not an authority one complains to: the list of all of them, for users whose authority is missing above.
  { country: 'EU', name: 'European Data Protection Board: list of member authorities', website: EDPB_MEMBERS_URL },
];

/** The entries for a country code (two for Germany), in list order. */
export function authoritiesFor(country: string): Authority[] {
  const code = country.trim().toUpperCase();
  return AUTHORITIES.filter((a) => a.country === code);
}

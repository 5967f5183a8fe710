/**
 * The default table: common carriers and the `carrierCode` Amazon accepts for them in confirmShipment (the values
 * of Amazon's order-fulfillment CarrierCode list). Each alias is a phrase of folded words; a `|` splits the words
 * that name the carrier from those that already say the service (kept in the shipping method): "dhl|express"
 * matches "DHL Express Worldwide" as DHL with the method "Express Worldwide". A backend's overrides come first.
 */

export interface CarrierEntry {
  carrierCode: string;
  carrierName: string;
  aliases: readonly string[];
}

const e = (carrierCode: string, aliases: readonly string[], carrierName = carrierCode): CarrierEntry => ({ carrierCode, carrierName, aliases });

export const DEFAULT_CARRIERS: readonly CarrierEntry[] = [
  // North America
  e('USPS', ['usps', 'united states postal service', 'us postal service', 'u s postal service']),
  e('UPS', ['ups', 'united parcel service']),
  e('UPS Mail Innovations', ['ups mail innovations', 'upsmi']),
  e('FedEx', ['fedex', 'fed ex', 'federal express']),
  e('FedEx SmartPost', ['fedex smartpost', 'fedex smart post']),
  e('OnTrac', ['ontrac', 'on trac']),
  e('Lasership', ['lasership', 'laser ship']),
  e('Canada Post', ['canada post', 'postes canada']),
  e('Purolator', ['purolator']),
  e('Amazon Shipping', ['amazon shipping', 'amazon logistics']),
  // DHL group
  e('DHL', ['dhl', 'dhl|express', 'dhl|paket', 'dhl|parcel']),
  e('DHL eCommerce', ['dhl ecommerce', 'dhl e commerce', 'dhl global mail'], 'DHL eCommerce'),
  e('Deutsche Post', ['deutsche post', '|warenpost']),
  // Europe
  e('DPD', ['dpd', 'dynamic parcel distribution']),
  e('GLS', ['gls', 'general logistics systems']),
  e('Hermes Logistik Gruppe', ['hermes', 'hermes logistik gruppe', 'hermes germany'], 'Hermes'),
  e('Evri', ['evri', 'hermes uk', 'myhermes', 'my hermes']),
  e('Royal Mail', ['royal mail']),
  e('Parcelforce', ['parcelforce', 'parcel force', 'parcelforce worldwide']),
  e('Yodel', ['yodel']),
  e('DX', ['dx', 'dx freight']),
  e('TNT', ['tnt']),
  e('La Poste', ['la poste']),
  e('Colissimo', ['colissimo', 'la poste colissimo']),
  e('Chronopost', ['chronopost']),
  e('PostNL', ['postnl', 'post nl']),
  e('Bpost', ['bpost', 'belgian post']),
  e('Poste Italiane', ['poste italiane']),
  e('SDA', ['sda']),
  e('BRT', ['brt', 'bartolini']),
  e('Correos', ['correos']),
  e('Correos Express', ['correos express', 'correos expres']),
  e('SEUR', ['seur']),
  e('MRW', ['mrw']),
  e('Nacex', ['nacex']),
  e('InPost', ['inpost', 'in post']),
  e('PostNord', ['postnord', 'post nord']),
  e('An Post', ['an post']),
  e('Asendia', ['asendia']),
  // Asia-Pacific
  e('YamatoTransport', ['yamato', 'yamato transport', 'kuroneko'], 'Yamato Transport'),
  e('SagawaExpress', ['sagawa', 'sagawa express'], 'Sagawa Express'),
  e('Japan Post', ['japan post', 'jp post', 'nippon yubin']),
  e('Australia Post', ['australia post', 'auspost']),
  e('India Post', ['india post']),
  e('BlueDart', ['bluedart', 'blue dart'], 'Blue Dart'),
  e('Delhivery', ['delhivery']),
  e('Aramex', ['aramex']),
];

/** Amazon's code for a carrier it has no code for: the carrier's name then goes in `carrierName`. */
export const OTHER = 'Other';

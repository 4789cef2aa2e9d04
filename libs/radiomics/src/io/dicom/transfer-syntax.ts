/** The transfer syntaxes the DICOM reader decodes, by UID. */
export const READABLE_TRANSFER_SYNTAXES: Readonly<Record<string, { name: string; explicitVr: boolean; deflated: boolean }>> = {
  '1.2.840.10008.1.2': { name: 'Implicit VR Little Endian', explicitVr: false, deflated: false },
  '1.2.840.10008.1.2.1': { name: 'Explicit VR Little Endian', explicitVr: true, deflated: false },
  '1.2.840.10008.1.2.1.99': { name: 'Deflated Explicit VR Little Endian', explicitVr: true, deflated: true },
};

/** Names of transfer syntaxes refused (compressed pixel data or big endian), for a clear error. */
const REFUSED_NAMES: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2.2': 'Explicit VR Big Endian (retired)',
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless SV1',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Near-Lossless',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 Lossless',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000',
  '1.2.840.10008.1.2.4.201': 'HTJ2K Lossless',
  '1.2.840.10008.1.2.4.202': 'HTJ2K Lossless RPCL',
  '1.2.840.10008.1.2.4.203': 'HTJ2K',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
  '1.2.840.10008.1.2.4.100': 'MPEG2',
  '1.2.840.10008.1.2.4.102': 'MPEG-4 AVC/H.264',
};

/** "JPEG Baseline (1.2.840.10008.1.2.4.50)", or the bare UID when unknown. */
export function transferSyntaxName(uid: string): string {
  const name = READABLE_TRANSFER_SYNTAXES[uid]?.name ?? REFUSED_NAMES[uid];
  return name ? `${name} (${uid})` : uid;
}

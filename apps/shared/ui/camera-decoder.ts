/**
 * A barcode reader for camera frames: the browser's own BarcodeDetector where it has one (Chrome on Android, macOS),
 * else the `barcode-detector` ponyfill (ZXing-C++ in WebAssembly). The ponyfill and its wasm are loaded only then, and
 * the wasm is served from our own build (Vite emits it as an asset): never fetched from a CDN, so it works in a store
 * whose network only reaches our server.
 */
import type { BarcodeFormat } from 'barcode-detector/ponyfill'

export interface FrameDecoder {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>
}

/** What a till reads: EAN/UPC on goods, Code 128 on labels, QR codes on loyalty cards and phones. */
export const TILL_FORMATS: BarcodeFormat[] = ['ean_13', 'ean_8', 'upc_a', 'upc_e', 'code_128', 'qr_code']

interface NativeDetectorClass {
  new (options: { formats: string[] }): FrameDecoder
  getSupportedFormats(): Promise<string[]>
}

/** The native detector when it reads at least one of `formats`, else the wasm one. */
export async function createFrameDecoder(formats: BarcodeFormat[] = TILL_FORMATS): Promise<FrameDecoder> {
  const native = (globalThis as { BarcodeDetector?: NativeDetectorClass }).BarcodeDetector
  if (native) {
    const supported = await native.getSupportedFormats().catch(() => [] as string[])
    const usable = formats.filter((format) => supported.includes(format))
    if (usable.length > 0) return new native({ formats: usable })
  }
  const [{ BarcodeDetector, prepareZXingModule }, { default: wasmUrl }] = await Promise.all([
    import('barcode-detector/ponyfill'),
    import('zxing-wasm/reader/zxing_reader.wasm?url'),
  ])
  prepareZXingModule({ overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) } })
  return new BarcodeDetector({ formats })
}

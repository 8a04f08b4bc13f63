import { randomBytes } from 'node:crypto';
import { appendLayer, buildBusyboxImage, type BuiltImage } from './images';

// An image big enough for a pull to report progress: busybox plus `layers` layers, each one file
// of `bytesPerLayer` random hex characters (about half of that once gzipped).

/** Builds busybox + `layers` filler layers in `layoutDir`, tagged `tag`. */
export async function buildLayeredImage(layoutDir: string, tag: string, layers: number, bytesPerLayer: number): Promise<BuiltImage> {
  let image = await buildBusyboxImage(layoutDir, { tag: `${tag}-base` });
  for (let i = 0; i < layers; i++) {
    const content = randomBytes(Math.ceil(bytesPerLayer / 2)).toString('hex').slice(0, bytesPerLayer);
    image = appendLayer(layoutDir, i === 0 ? `${tag}-base` : `${tag}-${i}`, i === layers - 1 ? tag : `${tag}-${i + 1}`, [
      { path: 'filler', type: 'directory' },
      { path: `filler/layer-${i}`, type: 'file', content },
    ]);
  }
  return image;
}

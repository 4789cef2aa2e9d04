import { TreeRandom } from '../trees/tree-random';

/**
 * scikit-learn's per-node feature sampling in its tree splitters (sklearn/tree/_splitter.pyx,
 * node_split): features are drawn without replacement with the tree's rand_r stream
 * (`TreeRandom`) until `maxFeatures` were visited and at least one of them was not constant;
 * features found constant in a node are remembered and skipped (without a fresh check) by its
 * descendants. The draw order array is carried from node to node as scikit-learn carries it,
 * so a splitter that takes the first of equally good splits replays scikit-learn's choice.
 *
 * `features` layout during a node (scikit-learn's): [0, nDrawnConstants) known constants
 * drawn again; [nDrawnConstants, nKnown) known constants not drawn; [nKnown, nTotal)
 * constants found here; [nTotal, fI) not yet drawn; [fI, p) drawn and not constant.
 * (CartBuilder holds the same bookkeeping inline.)
 */
export class SplitFeatureSampler {
  private readonly features: Int32Array;
  private readonly constantFeatures: Int32Array;
  private random: TreeRandom = new TreeRandom(1);
  private maxFeatures = 0;
  private nKnown = 0;
  private nTotal = 0;
  private nFound = 0;
  private nDrawnConstants = 0;
  private visited = 0;
  private fI = 0;
  /** Position in `features` of the feature last returned by `next`. */
  private fJ = 0;

  constructor(private readonly nFeatures: number) {
    this.features = new Int32Array(nFeatures);
    this.constantFeatures = new Int32Array(nFeatures);
  }

  /** Starts a tree: no feature known constant, draw order 0..p-1. */
  startTree(random: TreeRandom, maxFeatures: number): void {
    this.random = random;
    this.maxFeatures = maxFeatures;
    for (let f = 0; f < this.nFeatures; f++) this.features[f] = f;
  }

  /** Starts a node whose ancestors found `nKnownConstants` constant features. */
  startNode(nKnownConstants: number): void {
    this.nKnown = nKnownConstants;
    this.nTotal = nKnownConstants;
    this.nFound = 0;
    this.nDrawnConstants = 0;
    this.visited = 0;
    this.fI = this.nFeatures;
  }

  /** The next feature to evaluate, or -1 when this node's drawing is over. */
  next(): number {
    const features = this.features;
    while (this.fI > this.nTotal && (this.visited < this.maxFeatures || this.visited <= this.nFound + this.nDrawnConstants)) {
      this.visited++;
      const drawn = this.random.int(this.nDrawnConstants, this.fI - this.nFound);
      if (drawn < this.nKnown) {
        swap(features, this.nDrawnConstants, drawn);
        this.nDrawnConstants++;
        continue;
      }
      this.fJ = drawn + this.nFound;
      return features[this.fJ];
    }
    return -1;
  }

  /** The feature last returned is constant in this node. */
  markConstant(): void {
    swap(this.features, this.fJ, this.nTotal);
    this.nFound++;
    this.nTotal++;
  }

  /** The feature last returned varies in this node (its splits were evaluated). */
  markVarying(): void {
    this.fI--;
    swap(this.features, this.fI, this.fJ);
  }

  /** Ends the node; returns the constant-feature count its children inherit. */
  finishNode(): number {
    const { features, constantFeatures } = this;
    // Known constants keep their order for siblings and children; newly found ones are appended.
    for (let i = 0; i < this.nKnown; i++) features[i] = constantFeatures[i];
    for (let i = this.nKnown; i < this.nTotal; i++) constantFeatures[i] = features[i];
    return this.nTotal;
  }
}

function swap(a: Int32Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

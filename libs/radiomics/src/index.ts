// Radiomics feature extraction (image + mask in, IBSI/pyradiomics features out). Engine side: no HTTP, SQL or queue.
export {};

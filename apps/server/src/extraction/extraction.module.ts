import { Module } from '@nestjs/common';
import { ExtractionsController } from './extractions.controller';
import { ExtractionsService, IMAGE_ROOTS } from './extractions.service';
import { imageRootsFromEnv } from './image-roots';

/** Radiomics extraction on the server: from an allowed image folder (RADSWEEP_IMAGE_ROOTS) or an uploaded archive. */
@Module({
  controllers: [ExtractionsController],
  providers: [{ provide: IMAGE_ROOTS, useFactory: () => imageRootsFromEnv() }, ExtractionsService],
})
export class ExtractionModule {}

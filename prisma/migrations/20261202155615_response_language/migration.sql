-- AlterTable
ALTER TABLE "FormResponse" ADD COLUMN     "language" TEXT NOT NULL DEFAULT 'en',
ADD COLUMN     "pageLanguage" TEXT,
ADD COLUMN     "translationVersion" TEXT;

-- AddForeignKey
ALTER TABLE "FormRequest" ADD CONSTRAINT "FormRequest_visitId_fkey" FOREIGN KEY ("visitId") REFERENCES "Visit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

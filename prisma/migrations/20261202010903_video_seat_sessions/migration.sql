-- Issue 10 (D11b): each video seat names the session it was taken with, so "in the waiting room"
-- (Today, admitting) means a seat whose session is still live. Existing seats keep null (unknown).

-- AlterTable
ALTER TABLE "VideoParticipant" ADD COLUMN     "seatLinkSessionId" UUID,
ADD COLUMN     "seatUserSessionId" UUID;

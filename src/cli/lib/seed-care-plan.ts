import type { PrismaClient } from "../../generated/prisma/client";

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
export type DemoIds = { users: Record<string, string>; patients: Record<string, string> };

/** The five self-management resources in the Six Building Blocks telemedicine handout (2021.05.18). */
export const handoutResources = [
  {
    name: "PTSD Coach",
    purpose:
      "Helps people with chronic pain who have been through trauma learn about, track, and manage their symptoms.",
    url: "https://www.ptsd.va.gov/public/materials/apps/ptsdcoach.asp",
  },
  {
    name: "Breathe2Relax",
    purpose:
      "A stress management app that teaches “belly breathing”, with breathing exercises to learn and practice it.",
    url: "http://t2health.dcoe.mil/apps/breathe2relax",
  },
  {
    name: "Headspace",
    purpose: "A meditation app. Its free Basics course teaches the basics of meditation and mindfulness.",
    url: "https://www.headspace.com/headspace-meditation-app",
  },
  {
    name: "Stop Breathe Think",
    purpose:
      "Helps you check in with your feelings, then suggests short guided meditations, yoga, and acupuncture videos.",
    url: "https://www.stopbreathethink.com/",
  },
  {
    name: "The Three Minute Breathing Space",
    purpose:
      "A 3-minute practice for the middle of the day or a stressful moment. Comes as a handout, an app, and a recording.",
    url: "http://franticworld.com/the-three-minute-breathing-space-meditation-is-now-free-to-download/",
  },
];

export const consentTextsV1 = [
  {
    kind: "VIDEO" as const,
    title: "Consent for video (telehealth) visits",
    body: "We would like to see you by video on your phone, tablet or computer instead of in the clinic.\n\n- A video visit is private. We do not record it.\n- Your clinician cannot touch or fully examine you, so some problems may still need an office visit.\n- If the video stops working, we may finish by phone.\n- Your insurance may or may not cover video visits. Please check with your insurer.\n- You can say no, or change your mind at any time, and still get care in the clinic.\n\nDo you agree to have video visits with the clinic?",
  },
  {
    kind: "PHONE" as const,
    title: "Consent for telephone visits",
    body: "We would like to talk with you by phone instead of seeing you in the clinic.\n\n- A phone visit is private. We do not record it.\n- Your clinician cannot see or examine you, so some problems may still need a video or office visit.\n- Your insurance may or may not cover phone visits. Please check with your insurer.\n- You can say no, or change your mind at any time, and still get care in the clinic.\n\nDo you agree to have telephone visits with the clinic?",
  },
  {
    // docs/clinical-reference.md#patient-agreements: the agreement as informed consent, in plain words.
    kind: "OPIOID_AGREEMENT" as const,
    title: "Opioid treatment agreement",
    body: "You take opioid pain medicine for a long time. This agreement says what you and your care team will each do to make it as safe and helpful as it can be.\n\nWhat the medicine can and cannot do\n- Opioids may ease some pain and help you do more. They rarely take pain away completely.\n- Risks include constipation, sleepiness, falls, slowed breathing, physical dependence, addiction and overdose, which can kill. The risk is higher at higher doses and with alcohol, sleeping pills or benzodiazepines.\n\nYour care team will\n- set goals for your pain and what you want to be able to do, with you, and check them at every visit;\n- offer you other treatments that help with pain, such as physical therapy, exercise and counseling;\n- offer you naloxone, a medicine that can reverse an overdose;\n- check the state prescription monitoring program and, from time to time, ask for a urine drug test, as we do for every patient on this medicine;\n- talk with you before changing your dose, and never stop it suddenly without a plan.\n\nYou agree to\n- take the medicine only as prescribed, and get it from this clinic only;\n- tell us about all other medicines, alcohol and drugs you use;\n- keep the medicine locked away and never share it;\n- come to your visits and tests, and tell us if something is not working.\n\nYou can ask questions about this agreement at any time, and you can revoke it. If the medicine does more harm than good, we will make a plan with you to lower or stop it safely. We will not stop caring for you.\n\nDo you agree to this treatment agreement?",
  },
];

/** Demo consent texts, the handout's resources, and a little care plan for Maria Garcia. */
export async function seedCarePlan(tx: Tx, ids: DemoIds): Promise<void> {
  const admin = ids.users.admin;
  for (const t of consentTextsV1)
    await tx.consentText.create({ data: { ...t, version: 1, createdById: admin ?? null } });
  const created = [];
  for (const r of handoutResources)
    created.push(await tx.resource.create({ data: r, select: { id: true, name: true } }));
  const maria = ids.patients["MRN-100001"];
  const clinician = ids.users.clinician;
  if (maria && clinician) {
    const headspace = created.find((r) => r.name === "Headspace");
    if (headspace) {
      await tx.resourceRecommendation.create({
        data: {
          patientId: maria,
          resourceId: headspace.id,
          recommendedById: clinician,
          note: "Try the free Basics course, 10 minutes a day.",
        },
      });
    }
    const ref = await tx.referral.create({
      data: {
        patientId: maria,
        kind: "BEHAVIORAL_THERAPY",
        detail: "Pain coping skills (CBT) group",
        telehealth: true,
        createdById: clinician,
      },
      select: { id: true },
    });
    await tx.referralEvent.create({ data: { referralId: ref.id, toStatus: "REFERRED", byUserId: clinician } });
  }
}

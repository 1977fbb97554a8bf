"""The demo FAQ articles in English (see the package doc: demo policies, not advice)."""

from __future__ import annotations

from devstack.faq_demo.model import DemoArticle

PAY_PACKAGES = DemoArticle(
    key="pay-packages",
    language="en",
    topic="pay_package",
    title="How travel pay packages work",
    slug="travel-pay-packages",
    seo_title="How travel nurse pay packages work | Excel Medical Staffing",
    seo_description=(
        "A travel pay package is a taxable hourly rate plus tax-free stipends for housing and "
        "meals. How we build it, overtime, and why posted pay is an estimate."
    ),
    seo_keywords="travel nurse pay, pay package, stipends, blended rate, overtime",
    excerpt="Taxable base pay plus tax-free stipends: what each part is and how to compare offers.",
    markdown="""\
Every travel offer we send shows its pay package line by line, so you can see exactly what
you are paid for and why.

## What is in a travel pay package?

A weekly travel package has two parts. The first is a **taxable hourly base rate** for every
hour you work. The second is **tax-free stipends** for the costs of working away from home:
a housing stipend and a meals and incidentals stipend (M&IE). Your weekly gross pay is the
base rate times your hours, plus the stipends. Some jobs also pay a sign-on or completion
bonus, on-call and call-back rates.

## Why is the taxable base rate lower than a staff nurse's rate?

Because a large part of your pay comes as tax-free stipends. The stipends replace part of
the hourly wage, so the base rate is lower while your take-home pay is usually higher than
with an all-taxable wage. The base rate still has to be a fair wage for your work, and it is
what overtime and holiday pay are calculated from.

## What is a blended rate?

The blended rate is your total weekly pay (base pay plus stipends) divided by the hours in
your contract. It is the easiest way to compare two offers with different base rates and
stipends. Compare take-home pay too: the stipends are not taxed, the base rate is.

## Is the pay shown on a job posting guaranteed?

No. The pay on a posting is an estimated weekly gross for a typical traveler. Your exact
package is in your written offer and depends on whether you qualify for tax-free stipends,
the shift, the guaranteed hours and any bonus. Nothing is final until you sign the contract.

## How is overtime paid?

Hours over 40 in a workweek are paid at 1.5 times your taxable base rate. Where state law
requires daily overtime (California, for example), we follow it. Holidays you work are also
paid at 1.5 times the base rate. Stipends do not change with overtime.

## Can I take all of my pay as taxable wages?

Yes. If you do not qualify for tax-free stipends, or simply prefer it, we pay the same
package as an all-taxable hourly wage. Your recruiter can show you both versions of an offer.
""",
)

TAX_HOME = DemoArticle(
    key="tax-home",
    language="en",
    topic="tax_home",
    title="Tax-free stipends and your tax home",
    slug="tax-free-stipends-tax-home",
    seo_title="Tax-free stipends and your tax home | Excel Medical Staffing",
    seo_description=(
        "Who qualifies for tax-free travel stipends, what a tax home is, and what happens if "
        "you work close to home. General information, not tax advice."
    ),
    seo_keywords="tax home, tax-free stipends, travel nurse taxes, duplicate expenses",
    excerpt="Who can receive tax-free stipends, and what changes if you work near home.",
    markdown="""\
Tax-free stipends are for travelers who keep a home of their own while they work away from
it. This page explains our rules; it is general information, not tax advice.

## Who qualifies for tax-free stipends?

You qualify when you keep a permanent tax home that you pay for while you are on assignment,
and the assignment is at least 50 miles from that home, so you pay for two places to live.
We ask you to confirm your permanent address before we send an offer with stipends.

## What is a tax home?

Your tax home is the place where you regularly live and work, and where you keep paying rent
or a mortgage and bills while you travel. Staying with friends without paying for the place,
or moving from assignment to assignment with no home base, usually means you have no tax
home.

## What if I work less than 50 miles from home?

Then you do not qualify for tax-free stipends and we pay your whole package as taxable
wages. Local contracts are paid this way.

## Do you give tax advice?

No. We can explain how we pay stipends, but we cannot advise on your taxes. We suggest a tax
professional who works with travel healthcare workers, especially for your first year of
travel.
""",
)

HOUSING = DemoArticle(
    key="housing",
    language="en",
    topic="housing",
    title="Housing on assignment",
    slug="housing-on-assignment",
    seo_title="Housing for travel nurses on assignment | Excel Medical Staffing",
    seo_description=(
        "Company-arranged furnished housing or a housing stipend to find your own: how each "
        "works, pets, family and when you know where you will stay."
    ),
    seo_keywords="travel nurse housing, housing stipend, furnished housing, pets",
    excerpt="Take our furnished housing or the housing stipend and find your own.",
    markdown="""\
On every travel assignment you choose how you want to live: in housing we arrange for you, or
in a place you find yourself with the housing stipend.

## Do you provide housing?

Yes, if you want it. You can choose **company housing**: a furnished one-bedroom apartment
near the facility, with utilities and Wi-Fi included, that we find and pay for. Or you can
take the **housing stipend** and find your own place. With company housing there is no
housing stipend in your pay; the meals and incidentals stipend is paid either way.

## How much is the housing stipend?

It depends on where the assignment is: the stipend follows the federal lodging rates for
the county of the facility, so it is higher in expensive cities. The exact amount is in the
pay breakdown of every offer. To receive it tax-free you need to qualify for tax-free
stipends.

## Can I bring my pet?

Yes. With your own housing it is up to your landlord. With company housing, tell your
recruiter before you accept the offer and we look for a pet-friendly place; pet deposits
and pet fees are yours to pay.

## Can my family come with me?

Yes. Company housing is a one-bedroom apartment for you; if you need a larger place, we can
arrange one and the difference in rent comes out of your pay. Many travelers with family
prefer the housing stipend and choose a place that fits them.

## When will I know where I am staying?

Company housing is confirmed at least 7 days before your start date, with the address and
the move-in details. If you find your own place, never send money to a landlord you have not
verified: your recruiter can help you check a listing.
""",
)

BENEFITS = DemoArticle(
    key="benefits",
    language="en",
    topic="benefits",
    title="Benefits and insurance",
    slug="benefits-and-insurance",
    seo_title="Benefits and health insurance from day one | Excel Medical Staffing",
    seo_description=(
        "Medical, dental and vision insurance from your first day, coverage between "
        "assignments, 401(k) with a company match, and paid sick leave."
    ),
    seo_keywords="travel nurse benefits, health insurance day one, 401k, sick leave",
    excerpt="Medical, dental and vision from day one, a 401(k) match and sick leave.",
    markdown="""\
Our travelers are our employees, with the same benefits on every assignment.

## When does my health insurance start?

On day one. Medical, dental and vision insurance start on the first day of your first
assignment with us, with no waiting period. You choose your plans when you accept your
first offer.

## What insurance do you offer?

Medical insurance (two plans to choose from), dental insurance, vision insurance, and basic
life insurance at no cost to you. The plan details and your weekly cost for each plan are in
the enrollment packet your recruiter sends with your first offer.

## What happens to my insurance between assignments?

Your coverage continues for up to 30 days between assignments when your next assignment with
us starts within those 30 days. If your break is longer, you can keep your coverage through
COBRA.

## Do you offer a 401(k)?

Yes. You can join our 401(k) after 60 days of work, and we match 50% of what you contribute,
up to 4% of your pay.

## Do I get paid time off or sick leave?

Travel contracts do not include paid vacation. You earn paid sick leave wherever state or
local law provides it; how much depends on the state of your assignment. If you need days
off during a contract, ask for them before you are submitted, so the facility agrees to them
in your contract.
""",
)

REFERRAL_BONUS = DemoArticle(
    key="referral-bonus",
    language="en",
    topic="referral_bonus",
    title="Referral bonus program",
    slug="referral-bonus-program",
    seo_title="Referral bonus: refer a nurse, earn $500 | Excel Medical Staffing",
    seo_description=(
        "Earn $500 or more for every nurse or allied professional you refer who works 8 "
        "weeks with us. Who you can refer, when it is paid, and how to refer."
    ),
    seo_keywords="referral bonus, refer a nurse, refer a friend, travel nurse referral",
    excerpt="$500 or more for every clinician you refer who works 8 weeks with us.",
    markdown="""\
Most of our travelers came to us through a friend. Our referral program thanks you for every
colleague you send our way.

## How much is the referral bonus?

The standard referral bonus is **$500** for every clinician you refer. For specialties in
high demand the bonus can be up to $2,000; the amount for your friend is set when they are
placed and shown in your referrals in the chat.

## When do I earn the bonus?

You earn it when the person you referred has worked 8 weeks on their first assignment with
us. We pay it within 30 days after that: by direct deposit if you work with us, otherwise by
check.

## Who can I refer?

Nurses (RN, LPN/LVN), CNAs and allied health professionals who are new to us: they must not
have applied to us or worked with us in the last 12 months. You cannot refer yourself. You
do not need to work with us to refer someone.

## Is there a limit on referrals?

No. There is no limit on how many people you refer or on how many bonuses you earn.

## How do I refer someone?

Ask our chat assistant to refer a friend and give your friend's email address: we send them
an invitation with your referral link. When your friend applies through that link, the
referral is yours. You can follow each referral and its bonus in the chat.
""",
)

LICENSURE = DemoArticle(
    key="nurse-licensure-compact",
    language="en",
    topic="licensure",
    title="Nursing licenses and the Nurse Licensure Compact",
    slug="nurse-licensure-compact",
    seo_title="Nurse Licensure Compact states and licenses | Excel Medical Staffing",
    seo_description=(
        "What a multistate compact license is, which states are in the Nurse Licensure "
        "Compact, and how to get a license in a state that is not."
    ),
    seo_keywords="nurse licensure compact, NLC states, multistate license, compact license",
    excerpt="Which states accept a compact license, and how to work in one that does not.",
    markdown="""\
To work as a nurse in a state you need a license that the state accepts. A compact license
makes that much easier.

## What is a compact license?

A multistate license under the Nurse Licensure Compact (NLC) lets a registered nurse (RN) or
practical nurse (LPN/LVN) work in every compact state with one license. You can hold one
only if your primary state of residence, the state where you legally live, is a compact
state. If you move to another state for good, you apply for a license there.

## Which states are in the Nurse Licensure Compact?

These states and territories accept a multistate license: Alabama, Arizona, Arkansas,
Colorado, Delaware, Florida, Georgia, Idaho, Indiana, Iowa, Kansas, Kentucky, Louisiana,
Maine, Maryland, Mississippi, Missouri, Montana, Nebraska, New Hampshire, New Jersey, New
Mexico, North Carolina, North Dakota, Ohio, Oklahoma, Pennsylvania, South Carolina, South
Dakota, Tennessee, Texas, Utah, Vermont, Virginia, Washington, West Virginia, Wisconsin and
Wyoming, plus Guam and the U.S. Virgin Islands. Connecticut, Massachusetts and Rhode Island
have joined but do not accept multistate licenses yet.

## Which states do not accept a compact license?

Alaska, California, Hawaii, Illinois, Michigan, Minnesota, Nevada, New York, Oregon and the
District of Columbia. To work there you need that state's own license.

## How do I get a license in a state that is not in the compact?

You apply to that state's board of nursing for a license by endorsement. Processing takes
from a few days to several weeks depending on the state, so start early; some states issue a
temporary license while your application is reviewed. Your recruiter tells you how long the
state of your job usually takes.

## Do you pay for my new license?

Yes. When you take an assignment that needs a new state license, we reimburse the license
fee once you start the assignment. Keep the receipt.

## Is there a compact license for CNAs or allied professionals?

No. The Nurse Licensure Compact covers RN and LPN/LVN licenses only. CNA certifications and
allied licenses are issued state by state; your recruiter checks what the state of your job
requires.
""",
)

CREDENTIALING = DemoArticle(
    key="credentialing",
    language="en",
    topic="credentialing",
    title="Credentialing: from offer to first day",
    slug="credentialing",
    seo_title="How long credentialing takes for travel nurses | Excel Medical Staffing",
    seo_description=(
        "Credentialing usually takes 2 to 3 weeks: the documents, health records, drug screen "
        "and background check you need, and how to get it done faster."
    ),
    seo_keywords="credentialing, onboarding, compliance, drug screen, background check",
    excerpt="What credentialing needs, how long it takes, and how to make it faster.",
    markdown="""\
Credentialing (also called onboarding or compliance) is everything the facility needs before
your first shift. Our credentialing team guides you through it.

## How long does credentialing take?

Usually 2 to 3 weeks from accepting an offer to being cleared to start. It can be faster
when your documents are ready, and longer when a state license is still pending or a
facility has extra requirements.

## What documents do I need?

A valid license for the state of the job, your certifications (BLS, and ACLS, PALS or NRP if
the unit needs them), your immunization records (MMR, varicella, hepatitis B, Tdap and this
season's flu shot), a recent TB test, your skills checklists and 2 professional references
from the last 12 months.

## Do I need a drug screen, physical and background check?

Yes. Every assignment needs a drug screen and a background check, and most need a recent
physical. We schedule them near you and we pay for them.

## How can I make credentialing faster?

Upload your documents as soon as you accept an offer, answer our credentialing team the same
day, and keep your certifications from expiring during the contract. Many travelers keep a
copy of every document ready for the next assignment.
""",
)

AFTER_APPLYING = DemoArticle(
    key="after-applying",
    language="en",
    topic="after_applying",
    title="What happens after you apply",
    slug="what-happens-after-you-apply",
    seo_title="What happens after you apply for a job | Excel Medical Staffing",
    seo_description=(
        "After you apply: a recruiter contacts you within 1 business day, submits you with "
        "your permission, sets up the interview and walks you through the offer."
    ),
    seo_keywords="after applying, job application process, interview, offer, recruiter",
    excerpt="From your application to your offer, step by step.",
    markdown="""\
Applying takes a minute. Here is what happens next, and how long each step usually takes.

## When will a recruiter contact me?

Within 1 business day, and usually the same day. Your recruiter calls or emails you to talk
about the job, your experience and what you want from your next assignment.

## Will you send my profile to the facility without asking me?

No. We submit you to a facility only with your permission, for a job you have agreed to.
Before we do, your recruiter checks your profile with you and asks about any days you need
off.

## How does the interview work?

Most facilities interview by phone or video with the unit's manager, in 10 to 20 minutes.
Interviews usually happen within 1 to 5 days of your submission. Some facilities offer a
job without an interview.

## How soon will I get an offer?

Often within 24 to 48 hours of the interview. Your recruiter goes through the offer with you:
the pay package, the shift, the dates and the guaranteed hours. After you accept,
credentialing starts.

## How can I check the status of my application?

Ask our chat assistant for your applications once you are signed in, or open the My
applications tab in the chat. Your recruiter also keeps you updated.
""",
)

GETTING_PAID = DemoArticle(
    key="getting-paid",
    language="en",
    topic="getting_paid",
    title="Getting paid: pay days and timesheets",
    slug="getting-paid",
    seo_title="Weekly pay, direct deposit and timesheets | Excel Medical Staffing",
    seo_description=(
        "We pay every week by direct deposit on Friday. When to send your timesheet, when your "
        "first paycheck arrives and where to see your pay stubs."
    ),
    seo_keywords="weekly pay, direct deposit, timesheet, first paycheck, pay stub",
    excerpt="Weekly direct deposit, timesheets, your first paycheck and pay stubs.",
    markdown="""\
We pay every week, for the hours you worked the week before.

## How often do you pay?

Every week. Pay arrives by direct deposit on Friday for the workweek that ended the Saturday
before (our workweek runs from Sunday to Saturday).

## When do I get my first paycheck?

On the Friday after your first full workweek. Your travel reimbursement and the stipends of
your first week are paid with it.

## How do I submit my timesheet?

Submit your hours in our timesheet app by Monday at noon, and make sure your unit manager has
approved them. A late or unapproved timesheet can delay your pay by a week.

## Where can I see my pay stubs?

In your employee portal, where each pay stub shows your hours, rates, stipends and taxes.
Your W-2 for the year is there too.
""",
)

REIMBURSEMENTS = DemoArticle(
    key="reimbursements",
    language="en",
    topic="reimbursements",
    title="Travel and license reimbursements",
    slug="travel-and-license-reimbursements",
    seo_title="Travel, license and certification reimbursement | Excel Medical Staffing",
    seo_description=(
        "What we reimburse: travel to and from your assignment up to $500 each way, license "
        "fees for a new state, and certification renewals."
    ),
    seo_keywords="travel reimbursement, license reimbursement, certification reimbursement",
    excerpt="Travel to and from assignments, license fees and certification renewals.",
    markdown="""\
Some costs of taking an assignment are ours to pay. Keep your receipts and send them to your
recruiter.

## Do you pay for travel to my assignment?

Yes. We reimburse your travel to the assignment and back home at the end, up to $500 each
way, for mileage, flights or a rental car. The first half is paid with your first paycheck,
the second when you complete the contract.

## Do you pay for my nursing license?

Yes, when an assignment needs a license in a new state: we reimburse the license fee once you
start the assignment.

## Do you pay for certifications like BLS and ACLS?

We reimburse the renewal of a certification your assignment requires (BLS, ACLS, PALS, NRP
and similar) when it expires while you are working with us.
""",
)

CONTRACTS = DemoArticle(
    key="contracts",
    language="en",
    topic="contracts",
    title="Contracts: length, extensions and cancellations",
    slug="travel-contracts",
    seo_title="Travel contract length, extensions and cancellations | Excel Medical Staffing",
    seo_description=(
        "Most travel contracts run 13 weeks. How extensions work, what happens when a shift "
        "or a contract is cancelled, and time off during a contract."
    ),
    seo_keywords="travel contract, 13 week contract, extension, cancelled shift, low census",
    excerpt="How long contracts last, extensions, cancellations and time off.",
    markdown="""\
Your contract states your dates, shift, hours and pay. This page explains the parts
travelers ask about most.

## How long is a travel contract?

Most travel contracts are 13 weeks, usually 36 hours a week as three 12-hour shifts. Some
run from 8 to 26 weeks. The length, the shift and the guaranteed hours are in your offer.

## Can I extend my contract?

Often, yes. Facilities usually ask 4 to 6 weeks before the end of a contract whether you
would like to extend. Your recruiter can negotiate the extension's pay and dates with you.

## What happens if the hospital cancels my shift?

Facilities may cancel shifts when they have fewer patients (low census). Your contract says
how many cancelled shifts are allowed and whether you have guaranteed hours. Ask your
recruiter to explain the cancellation terms before you accept an offer.

## What if the facility ends my contract early?

We work right away to find you another assignment, and your benefits continue while we do.
If your contract has guaranteed hours, the contract states what you are paid for.

## Can I take time off during a contract?

Ask before you are submitted: your recruiter includes the dates in your submission so the
facility agrees to them in the contract. Time off during a travel contract is unpaid.
""",
)

REQUIREMENTS = DemoArticle(
    key="requirements",
    language="en",
    topic="requirements",
    title="Who can work with us: experience and requirements",
    slug="experience-requirements",
    seo_title="Experience needed for travel nursing jobs | Excel Medical Staffing",
    seo_description=(
        "What you need for a travel job: recent experience in your specialty, an active "
        "license and BLS. What we offer CNAs, LPNs, allied and new graduates."
    ),
    seo_keywords="travel nurse requirements, experience, new grad, CNA jobs, allied jobs",
    excerpt="Experience, licenses and certifications you need, by profession.",
    markdown="""\
We place registered nurses, LPNs and LVNs, CNAs and allied health professionals in travel,
local, per diem and permanent jobs.

## How much experience do I need to travel?

At least 1 year of recent experience in your specialty, in the last 3 years, for most travel
jobs. Some units (ICU, labor and delivery, the operating room, the emergency department) ask
for 2 years.

## Which certifications do I need?

Every clinical job needs a current BLS certification from the American Heart Association.
Many units also need ACLS (ICU, emergency, telemetry, step-down), PALS (pediatrics and
emergency) or NRP (labor and delivery, NICU). Each job shows its required certifications.

## Can new graduates work with you?

Travel jobs need experience, so new graduates start with our local and permanent jobs. After
a year of experience, travel jobs open up.

## Do you have jobs for CNAs and LPNs?

Yes. We place CNAs and LPNs/LVNs in local, per diem and travel jobs, mostly in nursing homes,
rehab centers and hospitals. You need a current CNA certification or LPN/LVN license in the
state of the job, BLS, and usually 1 year of experience.

## Do you place allied health professionals?

Yes: respiratory therapists, radiology and surgical technologists, lab, therapy and other
allied professionals, with the license or registration your profession needs in the state of
the job.
""",
)

RECRUITER = DemoArticle(
    key="working-with-your-recruiter",
    language="en",
    topic="recruiter",
    title="Working with your recruiter",
    slug="working-with-your-recruiter",
    seo_title="Working with your travel nurse recruiter | Excel Medical Staffing",
    seo_description=(
        "You have one recruiter who knows your goals. How to reach them, how to talk to a "
        "recruiter in the chat, and how to ask for a different one."
    ),
    seo_keywords="travel nurse recruiter, talk to a recruiter, change recruiter",
    excerpt="One recruiter for you: how to reach them or ask for another.",
    markdown="""\
Every traveler has one recruiter who knows their goals, finds their jobs and speaks for them
with facilities.

## How do I talk to a recruiter?

In the chat, ask to talk to a recruiter at any time: one joins the conversation. You can
also call, text or email your recruiter directly once you work with us.

## Will I always work with the same recruiter?

Yes. Your recruiter stays with you from your first application through all your assignments,
so you do not have to explain your situation again.

## Can I change recruiters?

Yes. If it is not a good fit, tell us in the chat or email us, and a new recruiter contacts
you. Nothing else changes for you.
""",
)

ENGLISH: tuple[DemoArticle, ...] = (
    PAY_PACKAGES,
    TAX_HOME,
    HOUSING,
    BENEFITS,
    REFERRAL_BONUS,
    LICENSURE,
    CREDENTIALING,
    AFTER_APPLYING,
    GETTING_PAID,
    REIMBURSEMENTS,
    CONTRACTS,
    REQUIREMENTS,
    RECRUITER,
)

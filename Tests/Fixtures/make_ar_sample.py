#!/usr/bin/env python3
"""Writes ar-sample.csv: a generated stand-in for IBM's public Accounts Receivable sample
(WA_Fn-UseC_-Accounts-Receivable.csv), in its exact format, so that the import tests run on a
clone with nothing beside it.

Same header and 12 columns, same conventions: M/D/YYYY dates without leading zeros, 10-digit
invoice numbers with leading zeros (to be read as strings), amounts with two decimals, 30-day
terms, every invoice settled, DaysToSettle and DaysLate exact date arithmetic, PaperlessBill
Electronic exactly when the invoice is dated after PaperlessDate. 2,466 rows of 100 customers,
as in IBM's file. Deterministic: the same seed always writes the same bytes.

    python3 Tests/Fixtures/make_ar_sample.py > Tests/Fixtures/ar-sample.csv
"""
import datetime
import random
import string
import sys

ROWS, CUSTOMERS, SEED = 2466, 100, 20261204
COUNTRIES = ["391", "406", "770", "818", "897"]


def mdy(day):
    return f"{day.month}/{day.day}/{day.year}"


def main():
    rng = random.Random(SEED)
    customers = []
    seen = set()
    while len(customers) < CUSTOMERS:
        cid = f"{rng.randrange(10000):04d}-" + "".join(rng.choice(string.ascii_uppercase) for _ in range(5))
        if cid in seen:
            continue
        seen.add(cid)
        paperless = datetime.date(2012, 1, 1) + datetime.timedelta(days=rng.randrange(0, 700))
        customers.append((cid, rng.choice(COUNTRIES), paperless, rng.randrange(0, 30)))
    # Every customer has at least one invoice; the rest are spread at random.
    owners = list(range(CUSTOMERS)) + [rng.randrange(CUSTOMERS) for _ in range(ROWS - CUSTOMERS)]
    rng.shuffle(owners)
    numbers = rng.sample(range(10_000, 10_000_000), ROWS)
    out = sys.stdout
    out.write("countryCode,customerID,PaperlessDate,invoiceNumber,InvoiceDate,DueDate,InvoiceAmount,"
              "Disputed,SettledDate,PaperlessBill,DaysToSettle,DaysLate\r\n")
    for owner, number in zip(owners, numbers):
        cid, country, paperless, lateness = customers[owner]
        invoiced = datetime.date(2012, 1, 2) + datetime.timedelta(days=rng.randrange(0, 729))
        due = invoiced + datetime.timedelta(days=30)
        disputed = rng.random() < 0.23
        to_settle = max(0, int(rng.gauss(26 + lateness + (8 if disputed else 0), 9)))
        settled = invoiced + datetime.timedelta(days=to_settle)
        late = max(0, (settled - due).days)
        cents = rng.randrange(526, 12829)
        bill = "Electronic" if invoiced > paperless else "Paper"
        out.write(f"{country},{cid},{mdy(paperless)},{number:010d},{mdy(invoiced)},{mdy(due)},"
                  f"{cents // 100}.{cents % 100:02d},{'Yes' if disputed else 'No'},{mdy(settled)},"
                  f"{bill},{to_settle},{late}\r\n")


if __name__ == "__main__":
    main()

import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { calendarYear } from "@/db/queries/calendar";
import { isGlobalAdmin } from "@/lib/admin/common";
import { requireStaffPage } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { fill, getLocale, messagesFor } from "@/lib/i18n";
import { now } from "@/lib/time/clock";
import { formatDay, vietnamDayOf, weekday } from "@/lib/time/vietnam";
import { DataTable } from "@/app/components/data-table";
import { ActionForm } from "../action-form";
import { AdminShell } from "../admin-shell";
import { removeCalendarDayAction, saveCalendarDayAction } from "./actions";

export const metadata: Metadata = { title: "Lịch ngày nghỉ" };

type Search = Promise<Record<string, string | string[] | undefined>>;

// The calendar matters for deadlines a few months either side of today; older years stay readable.
const FIRST_YEAR = 2020;
const YEARS_AHEAD = 2;

export default async function CalendarPage({ searchParams }: { searchParams: Search }) {
  const staff = await requireStaffPage("manage:calendar", "/admin/calendar");
  if (!isGlobalAdmin(staff, "manage:calendar")) forbidden();
  const locale = await getLocale();
  const t = messagesFor(locale);
  const c = t.calendar;
  const thisYear = Number(vietnamDayOf(now()).slice(0, 4));
  const raw = (await searchParams).year;
  const asked = Number(Array.isArray(raw) ? raw[0] : raw);
  const year = Number.isInteger(asked) && asked >= FIRST_YEAR && asked <= thisYear + YEARS_AHEAD ? asked : thisYear;
  const days = await calendarYear(await getDb(), { year });
  const years = Array.from({ length: thisYear + YEARS_AHEAD - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i);
  return (
    <AdminShell staff={staff} t={t} locale={locale} path="/admin/calendar" section="calendar">
      <h1>{c.title}</h1>
      <p className="muted">{c.intro}</p>
      <form method="get" action="/admin/calendar" className="filter-form">
        <div className="field">
          <label htmlFor="cal-year">{c.year}</label>
          <select id="cal-year" name="year" defaultValue={String(year)}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="secondary">
          {c.show}
        </button>
      </form>
      <section aria-labelledby="cal-list">
        <h2 id="cal-list">{fill(c.listTitle, { year })}</h2>
        <DataTable
          testId="calendar-days"
          columns={[c.day, c.weekday, c.kind, c.name, { label: c.remove, hidden: true }]}
          rows={days}
          empty={c.empty}
          row={(d) => (
            <tr key={d.day}>
              <td className="num">{formatDay(d.day)}</td>
              <td>{c.weekdays[weekday(d.day)]}</td>
              <td>{d.off ? c.off : c.working}</td>
              <td>{locale === "en" && d.nameEn ? d.nameEn : d.name}</td>
              <td>
                <ActionForm action={removeCalendarDayAction} submit={`${c.remove} ${formatDay(d.day)}`} secondary className="inline-form">
                  <input type="hidden" name="day" value={d.day} />
                </ActionForm>
              </td>
            </tr>
          )}
        />
      </section>
      <section aria-labelledby="cal-add">
        <h2 id="cal-add">{c.addTitle}</h2>
        <ActionForm action={saveCalendarDayAction} submit={t.admin.save} testId="calendar-form">
          <div className="field">
            <label htmlFor="cal-day">{c.day}</label>
            <input id="cal-day" name="day" type="text" inputMode="numeric" required maxLength={10} placeholder="dd/mm/yyyy" aria-describedby="cal-day-hint" className="short" />
            <p id="cal-day-hint" className="small muted">
              {c.dayHint}
            </p>
          </div>
          <fieldset className="field">
            <legend>{c.kind}</legend>
            <div className="check">
              <input id="cal-kind-off" type="radio" name="kind" value="off" defaultChecked />
              <label htmlFor="cal-kind-off">{c.kindOff}</label>
            </div>
            <div className="check">
              <input id="cal-kind-working" type="radio" name="kind" value="working" />
              <label htmlFor="cal-kind-working">{c.kindWorking}</label>
            </div>
          </fieldset>
          <div className="field">
            <label htmlFor="cal-name">{c.name}</label>
            <input id="cal-name" name="name" type="text" required maxLength={120} />
          </div>
          <div className="field">
            <label htmlFor="cal-name-en">
              {c.nameEn} <span className="muted">{t.admin.optional}</span>
            </label>
            <input id="cal-name-en" name="nameEn" type="text" maxLength={120} />
          </div>
        </ActionForm>
      </section>
    </AdminShell>
  );
}

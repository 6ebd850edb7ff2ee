/** One filter of a GET form: a labelled select; with `any`, its first choice is "no filter" (an empty value). */
export function FilterSelect({ id, name, label, any, value, options }: { id: string; name: string; label: string; any?: string; value: string; options: readonly { value: string; text: string }[] }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value}>
        {any !== undefined && <option value="">{any}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    </div>
  );
}
